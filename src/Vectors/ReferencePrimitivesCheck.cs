using System.Text.Json.Nodes;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;

namespace E2eeConformance.Vectors;

/// <summary>
/// Checks a primitives file of the reference schema (e2ees-reference/primitives.json): SHA-256, HMAC, HKDF with every
/// label, AES-256-GCM with the 16-byte IV (and the 12-byte data-blob IV), X25519, curve25519 signatures, ML-KEM-1024 and
/// ML-DSA-87 from recorded randomness, and the pack-id layout. One case per entry; each also checks that a one-bit
/// tampering is detected where the primitive can detect it (AEAD tag, signature).
/// </summary>
internal static class ReferencePrimitivesCheck
{
    public static bool Accepts(JsonNode root) => root.Has("hkdf_sha256") || root.Has("mlkem1024");

    public static IReadOnlyList<VectorCaseResult> Run(string file, JsonNode root)
    {
        var results = new List<VectorCaseResult>();
        void Case(string name, Action<CaseRecorder> check)
        {
            var rec = new CaseRecorder(file, name);
            rec.Try(name, () => check(rec));
            results.Add(rec.Result());
        }

        Each(root, "sha256", (i, v) => Case($"sha256[{i}]", rec => rec.Bytes("digest", v.Bytes("digest"), Kdf.Sha256(v.Bytes("msg")))));
        Each(root, "hmac_sha256", (i, v) => Case($"hmac_sha256[{i}]", rec => rec.Bytes("mac", v.Bytes("mac"), Kdf.Hmac(v.Bytes("key"), v.Bytes("data")))));
        Each(root, "hkdf_sha256", (i, v) => Case($"hkdf_sha256[{i}] {v.Optional("name")?.GetValue<string>()}", rec =>
            rec.Bytes("okm", v.Bytes("okm"), Kdf.Hkdf(v.Bytes("ikm"), v.Bytes("salt"), v.Bytes("info"), checked((int)v.Long("length"))))));
        Each(root, "aes256_gcm", (i, v) => Case($"aes256_gcm[{i}]", rec => CheckAead(rec, v)));

        if (root.Has("x25519"))
        {
            Case("x25519", rec =>
            {
                JsonNode v = root.Node("x25519");
                rec.Bytes("a_public", v.Bytes("a_public"), X25519Kem.PublicKeyFromPrivate(v.Bytes("a_private")));
                rec.Bytes("b_public", v.Bytes("b_public"), X25519Kem.PublicKeyFromPrivate(v.Bytes("b_private")));
                using SecretBytes ab = X25519Kem.Instance.Decapsulate(v.Bytes("a_private"), v.Bytes("b_public"));
                using SecretBytes ba = X25519Kem.Instance.Decapsulate(v.Bytes("b_private"), v.Bytes("a_public"));
                rec.Bytes("x25519 secret (a·B)", v.Bytes("shared_secret"), ab.Span);
                rec.Bytes("x25519 secret (b·A)", v.Bytes("shared_secret"), ba.Span);
            });
        }

        if (root.Has("curve25519_sign"))
        {
            Case("curve25519_sign", rec =>
            {
                JsonNode v = root.Node("curve25519_sign");
                CheckSignature(rec, Curve25519Signature.Instance, v.Bytes("public_montgomery"), v.Bytes("private"), v.Bytes("msg"), v.Bytes("random64"), v.Bytes("signature"));
            });
        }

        if (root.Has("mlkem1024"))
        {
            Case("mlkem1024", rec => CheckKem(rec, MlKem.MlKem1024, root.Node("mlkem1024")));
        }

        if (root.Has("mldsa87"))
        {
            Case("mldsa87", rec =>
            {
                JsonNode v = root.Node("mldsa87");
                KeyPair pair = MlDsa.MlDsa87.GenerateKeyPair(new QueuedRandom(v.Bytes("keygen_seed_xi")));
                rec.Bytes("public_key", v.Bytes("public_key"), pair.PublicKey);
                rec.Bytes("private_key", v.Bytes("private_key"), pair.PrivateKey.Span);
                CheckSignature(rec, MlDsa.MlDsa87, v.Bytes("public_key"), v.Bytes("private_key"), v.Bytes("msg"), v.Bytes("sign_rnd"), v.Bytes("signature"));
            });
        }

        if (root.Has("e2ees_pack_id"))
        {
            Case("e2ees_pack_id", rec =>
            {
                JsonNode v = root.Node("e2ees_pack_id");
                rec.Value("default_pqc", v.UInt("default_pqc"), CipherSuite.Pqc.PackId.Value);
                rec.Value("ecc", v.UInt("ecc"), CipherSuite.Ecc.PackId.Value);
            });
        }

        return results;
    }

    private static void CheckAead(CaseRecorder rec, JsonNode v)
    {
        byte[] key = v.Bytes("key");
        byte[] iv = v.Bytes("iv");
        byte[] ad = v.Bytes("ad");
        byte[] expected = v.Bytes("ciphertext_and_tag");
        if (v.Has("message_key"))
        {
            byte[] mk = v.Bytes("message_key");
            rec.Bytes("key = message_key[0..32)", key, mk.AsSpan(0, 32));
            rec.Bytes("iv = message_key[32..48)", iv, mk.AsSpan(32));
        }

        rec.Bytes("ciphertext_and_tag", expected, AesGcm16.Encrypt(key, iv, ad, v.Bytes("plaintext")));
        rec.Bytes("plaintext (decrypt)", v.Bytes("plaintext"), AesGcm16.Decrypt(key, iv, ad, expected));
        byte[] tampered = (byte[])expected.Clone();
        tampered[^1] ^= 0x01;
        ExpectError(rec, "tampered tag", ProtocolErrorCode.BadTag, () => AesGcm16.Decrypt(key, iv, ad, tampered));
    }

    private static void CheckKem(CaseRecorder rec, MlKem kem, JsonNode v)
    {
        KeyPair pair = kem.GenerateKeyPair(new QueuedRandom(v.Bytes("keygen_random_d_z")));
        rec.Bytes("public_key", v.Bytes("public_key"), pair.PublicKey);
        rec.Bytes("private_key", v.Bytes("private_key"), pair.PrivateKey.Span);
        KemEncapsulation e = kem.Encapsulate(v.Bytes("public_key"), new QueuedRandom(v.Bytes("encaps_random_m")));
        rec.Bytes("ciphertext", v.Bytes("ciphertext"), e.Ciphertext);
        rec.Bytes("shared_secret (encaps)", v.Bytes("shared_secret"), e.SharedSecret.Span);
        using SecretBytes ss = kem.Decapsulate(v.Bytes("private_key"), v.Bytes("ciphertext"));
        rec.Bytes("shared_secret (decaps)", v.Bytes("shared_secret"), ss.Span);
        byte[] tampered = v.Bytes("ciphertext");
        tampered[0] ^= 0x01;
        using SecretBytes rejected = kem.Decapsulate(v.Bytes("private_key"), tampered);
        if (rejected.Span.SequenceEqual(v.Bytes("shared_secret")))
        {
            rec.Fail("tampered ciphertext", "decapsulated to the same secret (implicit rejection failed)");
        }
    }

    private static void CheckSignature(CaseRecorder rec, ISignatureScheme scheme, byte[] publicKey, byte[] privateKey, byte[] msg, byte[] randomness, byte[] expected)
    {
        rec.Bytes("signature", expected, scheme.Sign(privateKey, msg, new QueuedRandom(randomness)));
        if (!scheme.Verify(publicKey, msg, expected))
        {
            rec.Fail("signature (verify)", "the recorded signature does not verify");
        }

        byte[] tampered = (byte[])expected.Clone();
        tampered[0] ^= 0x01;
        if (scheme.Verify(publicKey, msg, tampered))
        {
            rec.Fail("tampered signature", "a signature with one bit flipped verifies");
        }
    }

    private static void ExpectError(CaseRecorder rec, string field, ProtocolErrorCode code, Action action)
    {
        try
        {
            action();
            rec.Fail(field, $"expected error {code.Name()}, but it succeeded");
        }
        catch (ProtocolException e) when (e.Code == code)
        {
        }
    }

    private static void Each(JsonNode root, string key, Action<int, JsonNode> action)
    {
        if (root.Optional(key) is JsonArray array)
        {
            for (int i = 0; i < array.Count; i++)
            {
                action(i, array[i] ?? throw new VectorFormatException($"{key}[{i}] is null"));
            }
        }
    }
}
