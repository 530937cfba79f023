using System.Security.Cryptography;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using SlhDsa = E2eeConformance.Engine.Crypto.SlhDsa; // not System.Security.Cryptography.SlhDsa

namespace E2eeConformance.Bench;

/// <summary>
/// The library's way of computing what the engine's hand-written primitives compute, as rows of the same table (issue
/// 17 §2: a hand-written primitive stays only where it is ahead of the library on the same row in the same run).
/// Each setup checks that the library's output equals the engine's, so the two rows time the same function.
/// </summary>
public static class LibraryPrimitives
{
    private static readonly byte[] Text = "0123456789abcdef0123456789abcdef"u8.ToArray();

    public static IEnumerable<Benchmark> All(CipherSuite ecc, CipherSuite pqc) =>
    [
        new Benchmark("aesgcm16-encrypt-library", ecc.Name, () => GcmEncrypt(ecc), "AES-256-GCM, 16-byte IV, encrypt a 32-byte text (BouncyCastle)", InTable: true),
        new Benchmark("aesgcm16-encrypt-library", pqc.Name, () => GcmEncrypt(pqc), "AES-256-GCM, 16-byte IV, encrypt a 32-byte text (BouncyCastle)", InTable: true),
        new Benchmark("hkdf-message-key-library", "any", HkdfMessageKey, "HKDF-SHA256 message key from a chain key (.NET HKDF)", InTable: true),
        new Benchmark("hmac-chain-advance-library", "any", HmacChainAdvance, "HMAC-SHA256 chain key advance (.NET HMACSHA256)", InTable: true),
        new Benchmark("slhdsa256s-sign-library", CipherSuite.MlKem1024SlhDsa256s.Name, SlhDsaSign, "SLH-DSA-SHA2-256s sign (BouncyCastle)", InTable: true),
        new Benchmark("mldsa87-sign-library", pqc.Name, () => MlDsaSign(pqc), "ML-DSA-87 sign from the private key bytes (BouncyCastle; compare mldsa87-sign)", InTable: true),
        new Benchmark("mldsa87-verify-library", pqc.Name, () => MlDsaVerify(pqc), "ML-DSA-87 verify (BouncyCastle, its key decoded once)", InTable: true),
        new Benchmark("mlkem1024-encaps-library", pqc.Name, MlKemEncaps, "ML-KEM-1024 encapsulate (BouncyCastle)", InTable: true),
        new Benchmark("mlkem1024-decaps-library", pqc.Name, MlKemDecaps, "ML-KEM-1024 decapsulate (BouncyCastle, its key decoded each time)", InTable: true),
        new Benchmark("mlkem1024-keygen-library", pqc.Name, MlKemKeyGen, "ML-KEM-1024 key generation (BouncyCastle)", InTable: true),
        new Benchmark("slhdsa256s-keygen-library", CipherSuite.MlKem1024SlhDsa256s.Name, SlhDsaKeyGen, "SLH-DSA-SHA2-256s key generation (BouncyCastle)", InTable: true),
    ];

    private static byte[] Random(string label, int length)
    {
        byte[] bytes = new byte[length];
        new ReferenceStreamRandom($"e2ee-bench/library/{label}").Fill(bytes);
        return bytes;
    }

    private static Action GcmEncrypt(CipherSuite suite)
    {
        byte[] ad = Random($"ad/{suite.Name}", 2 * suite.Kem.PublicKeyLength);
        using MessageKey key = MessageKey.FromChainKey(Random("gcm", ProtocolLimits.ChainKeyLength));
        byte[] aesKey = key.AesKey.ToArray();
        byte[] iv = key.Iv.ToArray();
        byte[] output = new byte[Text.Length + 16];
        void Encrypt()
        {
            var gcm = new GcmBlockCipher(AesUtilities.CreateEngine());
            gcm.Init(true, new AeadParameters(new KeyParameter(aesKey), 128, iv, ad));
            int n = gcm.ProcessBytes(Text, output);
            gcm.DoFinal(output.AsSpan(n));
        }

        Encrypt();
        Check(output, AesGcm16.Encrypt(aesKey, iv, ad, Text), "AES-256-GCM");
        return Encrypt;
    }

    private static Action MlDsaSign(CipherSuite suite)
    {
        var scheme = (MlDsa)suite.Signature;
        var random = new ReferenceStreamRandom($"e2ee-bench/sign-library/{suite.Name}");
        KeyPair signer = scheme.GenerateKeyPair(random);
        byte[] message = suite.Kem.GenerateKeyPair(random).PublicKey;
        byte[] signature = scheme.SignWithBouncyCastle(signer.PrivateKey.Span, message, new ReferenceStreamRandom("rnd"));
        Check(signature, scheme.Sign(signer.PrivateKey.Span, message, new ReferenceStreamRandom("rnd")), "ML-DSA-87 signature");
        return () => scheme.SignWithBouncyCastle(signer.PrivateKey.Span, message, random);
    }

    private static Action MlDsaVerify(CipherSuite suite)
    {
        var scheme = (MlDsa)suite.Signature;
        var random = new ReferenceStreamRandom($"e2ee-bench/verify/{suite.Name}");
        KeyPair signer = scheme.GenerateKeyPair(random);
        byte[] message = suite.Kem.GenerateKeyPair(random).PublicKey;
        byte[] signature = scheme.Sign(signer.PrivateKey.Span, message, random);
        return () =>
        {
            if (!scheme.VerifyWithBouncyCastle(signer.PublicKey, message, signature))
            {
                throw new InvalidOperationException("signature did not verify");
            }
        };
    }

    private static Action MlKemEncaps()
    {
        var random = new ReferenceStreamRandom("e2ee-bench/mlkem-encaps");
        KeyPair keys = MlKem.MlKem1024.GenerateKeyPair(random);
        return () => MlKem.MlKem1024.EncapsulateWithBouncyCastle(keys.PublicKey, random).SharedSecret.Dispose();
    }

    private static Action MlKemDecaps()
    {
        var random = new ReferenceStreamRandom("e2ee-bench/mlkem-decaps");
        KeyPair keys = MlKem.MlKem1024.GenerateKeyPair(random);
        KemEncapsulation encapsulation = MlKem.MlKem1024.Encapsulate(keys.PublicKey, random);
        return () => MlKem.MlKem1024.DecapsulateWithBouncyCastle(keys.PrivateKey.Span, encapsulation.Ciphertext).Dispose();
    }

    private static Action MlKemKeyGen()
    {
        var random = new ReferenceStreamRandom("e2ee-bench/mlkem-keygen");
        return () => MlKem.MlKem1024.GenerateKeyPairWithBouncyCastle(random).PrivateKey.Dispose();
    }

    private static Action HkdfMessageKey()
    {
        byte[] chainKey = Random("hkdf", ProtocolLimits.ChainKeyLength);
        byte[] output = new byte[ProtocolLimits.MessageKeyLength];
        void Derive() => HKDF.DeriveKey(HashAlgorithmName.SHA256, chainKey, output, [], Kdf.Labels.MessageKeys);

        Derive();
        using MessageKey engine = MessageKey.FromChainKey(chainKey);
        Check(output, engine.Bytes, "HKDF");
        return Derive;
    }

    private static Action HmacChainAdvance()
    {
        byte[] key = Random("hmac", ProtocolLimits.ChainKeyLength);
        byte[] input = [0x02];
        byte[] output = new byte[32];
        void Advance() => HMACSHA256.HashData(key, input, output);

        Advance();
        using ChainKey engine = ChainKey.Create(0, key).Next();
        Check(output, engine.Key, "HMAC");
        return Advance;
    }

    private static Action SlhDsaSign()
    {
        SlhDsa slh = SlhDsa.SlhDsaSha2_256s;
        KeyPair pair = slh.GenerateKeyPair(new ReferenceStreamRandom("e2ee-bench/library/slh-dsa/key"));
        byte[] message = Random("slh-dsa/message", 1568);
        var key = SlhDsaPrivateKeyParameters.FromEncoding(SlhDsaParameters.slh_dsa_sha2_256s, pair.PrivateKey.ToArray());
        byte[] Sign(IRandomSource random)
        {
            var signer = new SlhDsaSigner(SlhDsaParameters.slh_dsa_sha2_256s, deterministic: false);
            signer.Init(forSigning: true, new ParametersWithRandom(key, new SourceRandom(random)));
            signer.BlockUpdate(message);
            return signer.GenerateSignature();
        }

        Check(Sign(new ReferenceStreamRandom("e2ee-bench/library/slh-dsa/check")), slh.Sign(pair.PrivateKey.Span, message, new ReferenceStreamRandom("e2ee-bench/library/slh-dsa/check")), "SLH-DSA signature");
        var random = new ReferenceStreamRandom("e2ee-bench/library/slh-dsa/sign");
        return () => Sign(random);
    }

    private static Action SlhDsaKeyGen()
    {
        static byte[] Generate(IRandomSource random)
        {
            var generator = new SlhDsaKeyPairGenerator();
            generator.Init(new SlhDsaKeyGenerationParameters(new SourceRandom(random), SlhDsaParameters.slh_dsa_sha2_256s));
            return ((SlhDsaPublicKeyParameters)generator.GenerateKeyPair().Public).GetEncoded();
        }

        Check(Generate(new ReferenceStreamRandom("e2ee-bench/library/slh-dsa/keygen")), SlhDsa.SlhDsaSha2_256s.GenerateKeyPair(new ReferenceStreamRandom("e2ee-bench/library/slh-dsa/keygen")).PublicKey, "SLH-DSA key");
        var random = new ReferenceStreamRandom("e2ee-bench/library/slh-dsa/keygen");
        return () => Generate(random);
    }

    /// <summary>The bench's random stream as BouncyCastle's SecureRandom (the engine's adapter is internal).</summary>
    private sealed class SourceRandom(IRandomSource source) : SecureRandom(new VmpcRandomGenerator())
    {
        public override void NextBytes(byte[] buf) => source.Fill(buf);

        public override void NextBytes(byte[] buf, int off, int len) => source.Fill(buf.AsSpan(off, len));

        public override void NextBytes(Span<byte> buffer) => source.Fill(buffer);
    }

    private static void Check(ReadOnlySpan<byte> library, ReadOnlySpan<byte> engine, string what)
    {
        if (!library.SequenceEqual(engine))
        {
            throw new InvalidOperationException($"{what}: the library's output differs from the engine's");
        }
    }
}
