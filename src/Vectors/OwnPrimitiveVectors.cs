using System.Text.Json.Nodes;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Vectors;

/// <summary>
/// This project's primitive vectors (vectors/README.md, <c>format</c> = <c>e2ee-conformance/primitives-v1</c>): every KEM
/// and signature scheme reachable through a pack id, from recorded randomness, plus the symmetric steps (HKDF with every
/// label, the chain-key HMAC, AES-256-GCM with the 16-byte IV). Every positive entry has a tampered twin.
/// </summary>
public static class OwnPrimitiveVectors
{
    /// <summary>The <c>format</c> of our primitive file (vectors/README.md, primitive file).</summary>
    public const string Format = OwnVectorFile.FormatPrefix + "primitives-v1";
    private const string Label = "e2ee-conformance/primitives/v1";

    private static IReadOnlyList<IKem> Kems => CipherSuite.SupportedKems;

    private static IReadOnlyList<ISignatureScheme> Signatures => CipherSuite.SupportedSignatures;

    /// <summary>Random bytes each operation draws (vectors/README.md §Randomness).</summary>
    private static int KeygenBytes(IKem kem) => kem.IsDiffieHellman ? 32 : 64;

    private static int KeygenBytes(ISignatureScheme s) => s switch
    {
        Curve25519Signature => 32,
        SlhDsa => 96,
        _ => 32,
    };

    private static int SignBytes(ISignatureScheme s) => s is Curve25519Signature ? 64 : 32;

    /// <summary>The primitive file, deterministically: every KEM and signature scheme, HKDF labels, chain step, AEAD.</summary>
    public static JsonObject Generate()
    {
        var random = new ReferenceStreamRandom(Label);
        byte[] Draw(int n)
        {
            byte[] b = new byte[n];
            random.Fill(b);
            return b;
        }

        var kems = new JsonArray();
        foreach (IKem kem in Kems)
        {
            byte[] keygen = Draw(KeygenBytes(kem));
            KeyPair pair = kem.GenerateKeyPair(new QueuedRandom(keygen));
            byte[] encaps = Draw(32);
            KemEncapsulation e = kem.Encapsulate(pair.PublicKey, new QueuedRandom(encaps));
            byte[] tampered = (byte[])e.Ciphertext.Clone();
            tampered[0] ^= 0x02;
            using SecretBytes tamperedSecret = kem.Decapsulate(pair.PrivateKey.Span, tampered);
            kems.Add(new JsonObject
            {
                ["name"] = kem.Name,
                ["alg_type_kem"] = kem.AlgType,
                ["keygen_random"] = Hex.Of(keygen),
                ["public_key"] = Hex.Of(pair.PublicKey),
                ["private_key"] = Hex.Of(pair.PrivateKey.Span),
                ["encaps_random"] = Hex.Of(encaps),
                ["ciphertext"] = Hex.Of(e.Ciphertext),
                ["shared_secret"] = Hex.Of(e.SharedSecret.Span),
                ["tampered_twin"] = new JsonObject
                {
                    ["description"] = "ciphertext byte 0 bit 1 flipped: decapsulation must give a different secret",
                    ["ciphertext"] = Hex.Of(tampered),
                    ["shared_secret"] = Hex.Of(tamperedSecret.Span),
                },
            });
        }

        var signatures = new JsonArray();
        foreach (ISignatureScheme scheme in Signatures)
        {
            byte[] keygen = Draw(KeygenBytes(scheme));
            KeyPair pair = scheme.GenerateKeyPair(new QueuedRandom(keygen));
            byte[] message = System.Text.Encoding.UTF8.GetBytes($"E2eeConformance {scheme.Name} signature vector");
            byte[] signRandom = Draw(SignBytes(scheme));
            byte[] signature = scheme.Sign(pair.PrivateKey.Span, message, new QueuedRandom(signRandom));
            byte[] tampered = (byte[])signature.Clone();
            tampered[^1] ^= 0x01;
            signatures.Add(new JsonObject
            {
                ["name"] = scheme.Name,
                ["alg_type_ds"] = scheme.AlgType,
                ["keygen_random"] = Hex.Of(keygen),
                ["public_key"] = Hex.Of(pair.PublicKey),
                ["private_key"] = Hex.Of(pair.PrivateKey.Span),
                ["message"] = Hex.Of(message),
                ["sign_random"] = Hex.Of(signRandom),
                ["signature"] = Hex.Of(signature),
                ["tampered_twin"] = new JsonObject
                {
                    ["description"] = "last signature byte bit 0 flipped",
                    ["signature"] = Hex.Of(tampered),
                    ["expected_error"] = ProtocolErrorCode.BadSignature.Name(),
                },
            });
        }

        byte[] chainKey = Draw(32);
        byte[] secret = Draw(128);
        byte[] root = Draw(32);
        byte[] seed = Draw(32);
        var hkdf = new JsonArray
        {
            Hkdf("root", "sk = HKDF(S, 0^32, \"ROOT\", 64): root key ‖ first chain key", secret, [], "ROOT"u8.ToArray(), 64),
            Hkdf("ratchet_step", "HKDF(secret_input, salt = root key, \"RATCHET\", 64)", secret[..32], root, "RATCHET"u8.ToArray(), 64),
            Hkdf("message_keys", "HKDF(chain key, 0^32, \"MessageKeys\", 48): AES key ‖ 16-byte IV", chainKey, [], "MessageKeys"u8.ToArray(), 48),
            Hkdf("fingerprint", "HKDF(IK_A ‖ IK_B ‖ SPK_B ‖ OPK_B, 0^32, \"Fingerprint\", 64)", secret, [], "Fingerprint"u8.ToArray(), 64),
            Hkdf("group_chain_key", "HKDF(seed ‖ sign public key, 0^32, \"ROOT\", 32)", [.. seed, .. root], [], "ROOT"u8.ToArray(), 32),
            Hkdf("group_welcome", "HKDF(inviter chain key, salt \"welcome\", info 0x02, 32)", chainKey, "welcome"u8.ToArray(), [0x02], 32),
            Hkdf("group_add", "HKDF(chain key, salt \"add\", info 0x02, 32)", chainKey, "add"u8.ToArray(), [0x02], 32),
        };

        var aead = new JsonArray();
        foreach ((string usedFor, int adLength, int textLength) in (ReadOnlySpan<(string, int, int)>)[("one-to-one, ECC associated data", 64, 20), ("one-to-one, ML-KEM-1024 associated data", 3136, 33), ("group, ML-DSA-87 associated data", 5184, 0)])
        {
            using MessageKey mk = MessageKey.FromChainKey(Draw(32));
            byte[] ad = Draw(adLength);
            byte[] plaintext = Draw(textLength);
            byte[] sealedBytes = AesGcm16.Encrypt(mk, ad, plaintext);
            byte[] tampered = (byte[])sealedBytes.Clone();
            tampered[0] ^= 0x80;
            aead.Add(new JsonObject
            {
                ["used_for"] = usedFor,
                ["message_key"] = Hex.Of(mk.Bytes),
                ["ad"] = Hex.Of(ad),
                ["plaintext"] = Hex.Of(plaintext),
                ["ciphertext_and_tag"] = Hex.Of(sealedBytes),
                ["tampered_twin"] = new JsonObject
                {
                    ["description"] = "byte 0 bit 7 flipped",
                    ["ciphertext_and_tag"] = Hex.Of(tampered),
                    ["expected_error"] = ProtocolErrorCode.BadTag.Name(),
                },
            });
        }

        return new JsonObject
        {
            ["format"] = Format,
            ["description"] = "E2eeConformance primitive vectors: every KEM and signature scheme a pack id can name, from recorded randomness; HKDF with every protocol label; the chain-key HMAC; AES-256-GCM with the 16-byte IV. Schema: vectors/README.md.",
            ["rng"] = $"SHA-256(SHA-256('{Label}') || le64(counter)) stream; each entry also records the bytes it drew",
            ["kem"] = kems,
            ["signature"] = signatures,
            ["hkdf_sha256"] = hkdf,
            ["chain_key_step"] = new JsonObject
            {
                ["used_for"] = "next chain key = HMAC-SHA256(key = chain key, data = 0x02)",
                ["chain_key"] = Hex.Of(chainKey),
                ["next_chain_key"] = Hex.Of(Kdf.Hmac(chainKey, [0x02])),
            },
            ["aes256_gcm_16"] = aead,
        };
    }

    private static JsonObject Hkdf(string name, string usedFor, byte[] ikm, byte[] salt, byte[] info, int length) => new()
    {
        ["name"] = name,
        ["used_for"] = usedFor,
        ["ikm"] = Hex.Of(ikm),
        ["salt"] = Hex.Of(salt),
        ["info"] = Hex.Of(info),
        ["length"] = length,
        ["okm"] = Hex.Of(Kdf.Hkdf(ikm, salt, info, length)),
    };

    /// <summary>Checks a primitives-v1 file: one case per entry and one per tampered twin.</summary>
    public static IReadOnlyList<VectorCaseResult> Check(string file, JsonNode root)
    {
        var results = new List<VectorCaseResult>();
        void Case(string name, Action<CaseRecorder> check)
        {
            var rec = new CaseRecorder(file, name);
            rec.Try(name, () => check(rec));
            results.Add(rec.Result());
        }

        foreach (JsonNode? k in root.Array("kem"))
        {
            string name = k.Str("name");
            IKem kem = Kems.FirstOrDefault(x => x.Name == name) ?? throw new VectorFormatException($"unknown KEM {name}");
            Case($"kem {name}", rec =>
            {
                KeyPair pair = kem.GenerateKeyPair(new QueuedRandom(k.Bytes("keygen_random")));
                rec.Bytes("public_key", k.Bytes("public_key"), pair.PublicKey);
                rec.Bytes("private_key", k.Bytes("private_key"), pair.PrivateKey.Span);
                KemEncapsulation e = kem.Encapsulate(k.Bytes("public_key"), new QueuedRandom(k.Bytes("encaps_random")));
                rec.Bytes("ciphertext", k.Bytes("ciphertext"), e.Ciphertext);
                rec.Bytes("shared_secret (encapsulate)", k.Bytes("shared_secret"), e.SharedSecret.Span);
                using SecretBytes ss = kem.Decapsulate(k.Bytes("private_key"), k.Bytes("ciphertext"));
                rec.Bytes("shared_secret (decapsulate)", k.Bytes("shared_secret"), ss.Span);
            });
            Case($"kem {name} tampered twin", rec =>
            {
                using SecretBytes ss = kem.Decapsulate(k.Bytes("private_key"), k.Bytes("tampered_twin.ciphertext"));
                rec.Bytes("tampered_twin.shared_secret", k.Bytes("tampered_twin.shared_secret"), ss.Span);
                if (ss.Span.SequenceEqual(k.Bytes("shared_secret")))
                {
                    rec.Fail("tampered_twin", "the tampered ciphertext gives the genuine secret");
                }
            });
        }

        foreach (JsonNode? s in root.Array("signature"))
        {
            string name = s.Str("name");
            ISignatureScheme scheme = Signatures.FirstOrDefault(x => x.Name == name) ?? throw new VectorFormatException($"unknown signature scheme {name}");
            Case($"signature {name}", rec =>
            {
                KeyPair pair = scheme.GenerateKeyPair(new QueuedRandom(s.Bytes("keygen_random")));
                rec.Bytes("public_key", s.Bytes("public_key"), pair.PublicKey);
                rec.Bytes("private_key", s.Bytes("private_key"), pair.PrivateKey.Span);
                rec.Bytes("signature", s.Bytes("signature"), scheme.Sign(s.Bytes("private_key"), s.Bytes("message"), new QueuedRandom(s.Bytes("sign_random"))));
                if (!scheme.Verify(s.Bytes("public_key"), s.Bytes("message"), s.Bytes("signature")))
                {
                    rec.Fail("signature", "does not verify");
                }
            });
            Case($"signature {name} tampered twin fails with {s.Optional("tampered_twin.expected_error")?.GetValue<string>()}", rec =>
            {
                if (scheme.Verify(s.Bytes("public_key"), s.Bytes("message"), s.Bytes("tampered_twin.signature")))
                {
                    rec.Fail("tampered_twin.signature", $"verifies; expected {s.Str("tampered_twin.expected_error")}");
                }
            });
        }

        foreach (JsonNode? h in root.Array("hkdf_sha256"))
        {
            Case($"hkdf_sha256 {h.Str("name")}", rec =>
                rec.Bytes("okm", h.Bytes("okm"), Kdf.Hkdf(h.Bytes("ikm"), h.Bytes("salt"), h.Bytes("info"), checked((int)h.Long("length")))));
        }

        Case("chain_key_step", rec => rec.Bytes("next_chain_key", root.Bytes("chain_key_step.next_chain_key"), Kdf.Hmac(root.Bytes("chain_key_step.chain_key"), [0x02])));

        int i = 0;
        foreach (JsonNode? a in root.Array("aes256_gcm_16"))
        {
            int index = i++;
            Case($"aes256_gcm_16[{index}] {a.Str("used_for")}", rec =>
            {
                using MessageKey mk = MessageKey.FromBytes(a.Bytes("message_key"));
                rec.Bytes("ciphertext_and_tag", a.Bytes("ciphertext_and_tag"), AesGcm16.Encrypt(mk, a.Bytes("ad"), a.Bytes("plaintext")));
                rec.Bytes("plaintext (decrypt)", a.Bytes("plaintext"), AesGcm16.Decrypt(mk, a.Bytes("ad"), a.Bytes("ciphertext_and_tag")));
            });
            Case($"aes256_gcm_16[{index}] tampered twin fails with {a.Optional("tampered_twin.expected_error")?.GetValue<string>()}", rec =>
            {
                using MessageKey mk = MessageKey.FromBytes(a.Bytes("message_key"));
                try
                {
                    AesGcm16.Decrypt(mk, a.Bytes("ad"), a.Bytes("tampered_twin.ciphertext_and_tag"));
                    rec.Fail("tampered_twin", "decrypted");
                }
                catch (ProtocolException e) when (e.Code.Name() == a.Str("tampered_twin.expected_error"))
                {
                }
            });
        }

        return results;
    }
}
