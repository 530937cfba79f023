using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CsCheck;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Tests.Support;
using E2eeConformance.TestSupport;
using Org.BouncyCastle.Crypto.Digests;
using SlhDsa = E2eeConformance.Engine.Crypto.SlhDsa; // not System.Security.Cryptography.SlhDsa

namespace E2eeConformance.Engine.Tests.Crypto;

/// <summary>
/// ML-KEM (FIPS 203), ML-DSA (FIPS 204) and SLH-DSA (FIPS 205): the reference's recorded vectors
/// (vectors/reference/e2ee-security-d6b6c69/primitives.json, REFERENCE-BEHAVIOUR §3, 4, 7, 8), one-bit-flip negative twins,
/// the seed 000 §Key Size tables, exact randomness consumption, and misuse / hostile-input behaviour.
/// </summary>
[TestFixture]
public sealed class PqcPrimitiveTests
{
    private static readonly Lazy<JsonDocument> Primitives = new(() => JsonDocument.Parse(File.ReadAllText(
        Path.Combine(SharedPaths.E2eeSecurity, "primitives.json"))));

    private static byte[] Vector(string primitive, string field) =>
        Convert.FromHexString(Primitives.Value.RootElement.GetProperty(primitive).GetProperty(field).GetString()!);

    private static byte[] FlipBit(ReadOnlySpan<byte> bytes, int index, int bit = 0)
    {
        byte[] copy = bytes.ToArray();
        copy[index] ^= (byte)(1 << bit);
        return copy;
    }

    // ---------------------------------------------------------------- ML-KEM-1024 reference vectors (REFERENCE-BEHAVIOUR §3, 7)

    [Test]
    public void MlKem1024_keygen_from_recorded_d_z_reproduces_the_reference_keys()
    {
        KeyPair pair = MlKem.MlKem1024.GenerateKeyPair(new FixedRandom(Vector("mlkem1024", "keygen_random_d_z")));

        pair.PublicKey.Should().Equal(Vector("mlkem1024", "public_key"));
        pair.PrivateKey.ToArray().Should().Equal(Vector("mlkem1024", "private_key"));
    }

    [Test]
    public void MlKem1024_encapsulation_with_recorded_m_reproduces_the_reference_ciphertext_and_secret()
    {
        KemEncapsulation result = MlKem.MlKem1024.Encapsulate(
            Vector("mlkem1024", "public_key"), new FixedRandom(Vector("mlkem1024", "encaps_random_m")));

        result.Ciphertext.Should().Equal(Vector("mlkem1024", "ciphertext"));
        result.SharedSecret.ToArray().Should().Equal(Vector("mlkem1024", "shared_secret"));
    }

    [Test]
    public void MlKem1024_decapsulation_of_the_reference_ciphertext_gives_the_reference_secret()
    {
        using SecretBytes secret = MlKem.MlKem1024.Decapsulate(
            Vector("mlkem1024", "private_key"), Vector("mlkem1024", "ciphertext"));

        secret.ToArray().Should().Equal(Vector("mlkem1024", "shared_secret"));
    }

    [TestCase(0, 0)]
    [TestCase(777, 3)]
    [TestCase(1567, 7)]
    public void MlKem1024_decapsulation_of_a_ciphertext_with_one_bit_flipped_gives_the_implicit_rejection_secret(int index, int bit)
    {
        byte[] privateKey = Vector("mlkem1024", "private_key");
        byte[] tampered = FlipBit(Vector("mlkem1024", "ciphertext"), index, bit);

        using SecretBytes secret = MlKem.MlKem1024.Decapsulate(privateKey, tampered);

        // FIPS 203 Alg. 18: K̄ = J(z‖c) = SHAKE256(z‖c, 256 bits), z = the last 32 bytes of dk.
        secret.ToArray().Should().NotEqual(Vector("mlkem1024", "shared_secret"));
        secret.ToArray().Should().Equal(Shake256(privateKey.AsSpan(privateKey.Length - 32), tampered, 32));
    }

    // ---------------------------------------------------------------- ML-DSA-87 reference vectors (REFERENCE-BEHAVIOUR §3, 4)

    [Test]
    public void MlDsa87_keygen_from_recorded_xi_reproduces_the_reference_keys()
    {
        KeyPair pair = MlDsa.MlDsa87.GenerateKeyPair(new FixedRandom(Vector("mldsa87", "keygen_seed_xi")));

        pair.PublicKey.Should().Equal(Vector("mldsa87", "public_key"));
        pair.PrivateKey.ToArray().Should().Equal(Vector("mldsa87", "private_key"));
    }

    [Test]
    public void MlDsa87_hedged_signing_with_recorded_rnd_reproduces_the_reference_signature()
    {
        byte[] signature = MlDsa.MlDsa87.Sign(
            Vector("mldsa87", "private_key"), Vector("mldsa87", "msg"), new FixedRandom(Vector("mldsa87", "sign_rnd")));

        signature.Should().Equal(Vector("mldsa87", "signature"));
    }

    [Test]
    public void MlDsa87_verifies_the_reference_signature()
    {
        MlDsa.MlDsa87.Verify(Vector("mldsa87", "public_key"), Vector("mldsa87", "msg"), Vector("mldsa87", "signature"))
            .Should().BeTrue();
    }

    [TestCase(0, 0)]
    [TestCase(2000, 5)]
    [TestCase(4626, 7)]
    public void MlDsa87_rejects_the_reference_signature_with_one_bit_flipped(int index, int bit)
    {
        MlDsa.MlDsa87.Verify(
                Vector("mldsa87", "public_key"), Vector("mldsa87", "msg"), FlipBit(Vector("mldsa87", "signature"), index, bit))
            .Should().BeFalse();
    }

    [TestCase(0)]
    [TestCase(25)]
    public void MlDsa87_rejects_the_reference_signature_over_a_message_with_one_bit_flipped(int index)
    {
        MlDsa.MlDsa87.Verify(
                Vector("mldsa87", "public_key"), FlipBit(Vector("mldsa87", "msg"), index), Vector("mldsa87", "signature"))
            .Should().BeFalse();
    }

    [TestCase(0)]
    [TestCase(1000)]
    [TestCase(2591)]
    public void MlDsa87_rejects_the_reference_signature_under_a_public_key_with_one_bit_flipped(int index)
    {
        MlDsa.MlDsa87.Verify(
                FlipBit(Vector("mldsa87", "public_key"), index), Vector("mldsa87", "msg"), Vector("mldsa87", "signature"))
            .Should().BeFalse();
    }

    // ---------------------------------------------------------------- sizes: seed 000 §Key Size

    private static IEnumerable<TestCaseData> KemSizes()
    {
        yield return new TestCaseData(MlKem.MlKem512, 33u, 800, 1632, 768).SetArgDisplayNames("ML-KEM-512");
        yield return new TestCaseData(MlKem.MlKem768, 41u, 1184, 2400, 1088).SetArgDisplayNames("ML-KEM-768");
        yield return new TestCaseData(MlKem.MlKem1024, 49u, 1568, 3168, 1568).SetArgDisplayNames("ML-KEM-1024");
    }

    private static IEnumerable<TestCaseData> DsaSizes()
    {
        // Seed 000 orders the ML-DSA table secret key, public key, signature.
        yield return new TestCaseData(MlDsa.MlDsa44, 1u, 2560, 1312, 2420).SetArgDisplayNames("ML-DSA-44");
        yield return new TestCaseData(MlDsa.MlDsa65, 9u, 4032, 1952, 3309).SetArgDisplayNames("ML-DSA-65");
        yield return new TestCaseData(MlDsa.MlDsa87, 17u, 4896, 2592, 4627).SetArgDisplayNames("ML-DSA-87");
    }

    private static IEnumerable<TestCaseData> Kems() => KemSizes().Select(c => new TestCaseData(c.Arguments[0]).SetArgDisplayNames(c.TestName ?? c.Arguments[0]!.ToString()!));

    private static IEnumerable<TestCaseData> Dsas() => DsaSizes().Select(c => new TestCaseData(c.Arguments[0]).SetArgDisplayNames(c.Arguments[0]!.ToString()!));

    [TestCaseSource(nameof(KemSizes))]
    public void MlKem_declared_and_actual_lengths_match_the_seed_table(MlKem kem, uint algType, int pk, int sk, int ct)
    {
        kem.AlgType.Should().Be(algType);
        kem.IsDiffieHellman.Should().BeFalse();
        (kem.PublicKeyLength, kem.PrivateKeyLength, kem.CiphertextLength, kem.SharedSecretLength)
            .Should().Be((pk, sk, ct, 32));

        var random = new ReferenceStreamRandom("pqc sizes " + kem.Name);
        KeyPair pair = kem.GenerateKeyPair(random);
        KemEncapsulation encapsulation = kem.Encapsulate(pair.PublicKey, random);

        (pair.PublicKey.Length, pair.PrivateKey.Length, encapsulation.Ciphertext.Length, encapsulation.SharedSecret.Length)
            .Should().Be((pk, sk, ct, 32));
    }

    [TestCaseSource(nameof(DsaSizes))]
    public void MlDsa_declared_and_actual_lengths_match_the_seed_table(MlDsa dsa, uint algType, int sk, int pk, int sig)
    {
        dsa.AlgType.Should().Be(algType);
        (dsa.PrivateKeyLength, dsa.PublicKeyLength, dsa.SignatureLength).Should().Be((sk, pk, sig));

        var random = new ReferenceStreamRandom("pqc sizes " + dsa.Name);
        KeyPair pair = dsa.GenerateKeyPair(random);
        byte[] signature = dsa.Sign(pair.PrivateKey.Span, "size"u8, random);

        (pair.PrivateKey.Length, pair.PublicKey.Length, signature.Length).Should().Be((sk, pk, sig));
    }

    [Test]
    public void Names_are_the_FIPS_names()
    {
        new[] { MlKem.MlKem512.Name, MlKem.MlKem768.Name, MlKem.MlKem1024.Name }
            .Should().Equal("ML-KEM-512", "ML-KEM-768", "ML-KEM-1024");
        new[] { MlDsa.MlDsa44.Name, MlDsa.MlDsa65.Name, MlDsa.MlDsa87.Name }
            .Should().Equal("ML-DSA-44", "ML-DSA-65", "ML-DSA-87");
        SlhDsa.SlhDsaSha2_256s.Name.Should().Be("SLH-DSA-SHA2-256s");
    }

    // ---------------------------------------------------------------- round trips and exact randomness use (REFERENCE-BEHAVIOUR §8)

    [TestCaseSource(nameof(Kems))]
    public void MlKem_round_trip_draws_64_bytes_for_keygen_and_32_for_encapsulation(MlKem kem)
    {
        var random = new ReferenceStreamRandom("pqc round trip " + kem.Name);

        KeyPair pair = kem.GenerateKeyPair(random);
        random.Position.Should().Be(64);
        KemEncapsulation encapsulation = kem.Encapsulate(pair.PublicKey, random);
        random.Position.Should().Be(96);

        using SecretBytes secret = kem.Decapsulate(pair.PrivateKey.Span, encapsulation.Ciphertext);
        secret.Should().Be(encapsulation.SharedSecret);

        using SecretBytes rejected = kem.Decapsulate(pair.PrivateKey.Span, FlipBit(encapsulation.Ciphertext, 10));
        rejected.Should().NotBe(encapsulation.SharedSecret);
    }

    [TestCaseSource(nameof(Kems))]
    public void MlKem_keygen_and_encapsulation_are_functions_of_the_drawn_bytes(MlKem kem)
    {
        KeyPair a = kem.GenerateKeyPair(new ReferenceStreamRandom("same"));
        KeyPair b = kem.GenerateKeyPair(new ReferenceStreamRandom("same"));
        KeyPair c = kem.GenerateKeyPair(new ReferenceStreamRandom("other"));

        b.PublicKey.Should().Equal(a.PublicKey);
        b.PrivateKey.Should().Be(a.PrivateKey);
        c.PublicKey.Should().NotEqual(a.PublicKey);
        kem.Encapsulate(a.PublicKey, new ReferenceStreamRandom("m")).Ciphertext
            .Should().Equal(kem.Encapsulate(a.PublicKey, new ReferenceStreamRandom("m")).Ciphertext);
    }

    [TestCaseSource(nameof(Dsas))]
    public void MlDsa_round_trip_draws_32_bytes_for_keygen_and_32_for_signing(MlDsa dsa)
    {
        var random = new ReferenceStreamRandom("pqc round trip " + dsa.Name);
        byte[] message = Encoding.UTF8.GetBytes("round trip " + dsa.Name);

        KeyPair pair = dsa.GenerateKeyPair(random);
        random.Position.Should().Be(32);
        byte[] signature = dsa.Sign(pair.PrivateKey.Span, message, random);
        random.Position.Should().Be(64);

        dsa.Verify(pair.PublicKey, message, signature).Should().BeTrue();
        dsa.Verify(pair.PublicKey, message, FlipBit(signature, 100)).Should().BeFalse();
        dsa.Verify(pair.PublicKey, FlipBit(message, 0), signature).Should().BeFalse();
        dsa.Verify(FlipBit(pair.PublicKey, 40), message, signature).Should().BeFalse();
    }

    [Test]
    public void MlDsa87_signing_is_hedged_different_rnd_gives_a_different_valid_signature()
    {
        byte[] privateKey = Vector("mldsa87", "private_key");
        byte[] message = Vector("mldsa87", "msg");

        byte[] signature = MlDsa.MlDsa87.Sign(privateKey, message, new ReferenceStreamRandom("another rnd"));

        signature.Should().NotEqual(Vector("mldsa87", "signature"));
        MlDsa.MlDsa87.Verify(Vector("mldsa87", "public_key"), message, signature).Should().BeTrue();
    }

    // ---------------------------------------------------------------- misuse and hostile input

    [TestCaseSource(nameof(Kems))]
    public void MlKem_wrong_length_keys_and_ciphertexts_throw_ArgumentException(MlKem kem)
    {
        var random = new ReferenceStreamRandom("wrong lengths");
        KeyPair pair = kem.GenerateKeyPair(random);
        byte[] ciphertext = kem.Encapsulate(pair.PublicKey, random).Ciphertext;

        FluentActions.Invoking(() => kem.Encapsulate(pair.PublicKey.AsSpan(1), random)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => kem.Encapsulate([.. pair.PublicKey, 0], random)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => kem.Decapsulate(pair.PrivateKey.Span[1..], ciphertext)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => kem.Decapsulate(pair.PrivateKey.Span, ciphertext.AsSpan(1))).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => kem.Decapsulate(pair.PrivateKey.Span, [])).Should().Throw<ArgumentException>();
    }

    [Test]
    public void MlKem1024_public_key_failing_the_modulus_check_throws_ArgumentException()
    {
        byte[] publicKey = Enumerable.Repeat((byte)0xFF, 1568).ToArray(); // coefficients 4095 ≥ q (FIPS 203 §7.2)

        FluentActions.Invoking(() => MlKem.MlKem1024.Encapsulate(publicKey, new ReferenceStreamRandom("m")))
            .Should().Throw<ArgumentException>().WithParameterName("publicKey");
    }

    [Test]
    public void MlKem1024_private_key_failing_the_hash_check_throws_ArgumentException()
    {
        byte[] privateKey = FlipBit(Vector("mlkem1024", "private_key"), 3168 - 64); // inside H(ek) (FIPS 203 §7.3)

        FluentActions.Invoking(() => MlKem.MlKem1024.Decapsulate(privateKey, Vector("mlkem1024", "ciphertext")))
            .Should().Throw<ArgumentException>().WithParameterName("privateKey");
    }

    [Test]
    public void MlDsa87_signing_with_a_wrong_length_private_key_throws_ArgumentException()
    {
        FluentActions.Invoking(() => MlDsa.MlDsa87.Sign(new byte[4895], "m"u8, new ReferenceStreamRandom("r")))
            .Should().Throw<ArgumentException>().WithParameterName("privateKey");
    }

    [TestCaseSource(nameof(Dsas))]
    public void MlDsa_verify_returns_false_for_wrong_lengths(MlDsa dsa)
    {
        byte[] publicKey = new byte[dsa.PublicKeyLength];
        byte[] signature = new byte[dsa.SignatureLength];

        dsa.Verify(publicKey.AsSpan(1), "m"u8, signature).Should().BeFalse();
        dsa.Verify(publicKey, "m"u8, signature.AsSpan(1)).Should().BeFalse();
        dsa.Verify([], "m"u8, []).Should().BeFalse();
        dsa.Verify(publicKey, "m"u8, [.. signature, 0]).Should().BeFalse();
    }

    [Test]
    public void MlDsa87_verify_never_throws_on_hostile_signatures()
    {
        byte[] publicKey = Vector("mldsa87", "public_key");
        byte[] message = Vector("mldsa87", "msg");
        byte[] reference = Vector("mldsa87", "signature");

        // Random signatures, and the reference signature with its hint section (the last ω + k = 83 bytes) randomised.
        Gen.Byte.Array[4627].Sample(s => !MlDsa.MlDsa87.Verify(publicKey, message, s), iter: 100);
        Gen.Byte.Array[83].Sample(
            tail => !MlDsa.MlDsa87.Verify(publicKey, message, [.. reference.AsSpan(0, 4627 - 83), .. tail]) ||
                    tail.AsSpan().SequenceEqual(reference.AsSpan(4627 - 83)),
            iter: 300);
        Gen.Byte.Array[2592].Sample(pk => !MlDsa.MlDsa87.Verify(pk, message, reference), iter: 50);
    }

    // ---------------------------------------------------------------- SLH-DSA-SHA2-256s (one signature in total)

    private sealed record SlhDsaCase(byte[] DrawnForKeyGen, KeyPair Pair, long PositionAfterKeyGen, byte[] Message,
        byte[] OptRand, byte[] Signature, long PositionAfterSign);

    private static readonly Lazy<SlhDsaCase> SlhCase = new(() =>
    {
        const string label = "pqc SLH-DSA-SHA2-256s";
        var expected = new ReferenceStreamRandom(label);
        byte[] drawnForKeyGen = new byte[96];
        byte[] optRand = new byte[32];
        expected.Fill(drawnForKeyGen);
        expected.Fill(optRand);

        var random = new ReferenceStreamRandom(label);
        KeyPair pair = SlhDsa.SlhDsaSha2_256s.GenerateKeyPair(random);
        long afterKeyGen = random.Position;
        byte[] message = "SLH-DSA-SHA2-256s signature"u8.ToArray();
        byte[] signature = SlhDsa.SlhDsaSha2_256s.Sign(pair.PrivateKey.Span, message, random);
        return new SlhDsaCase(drawnForKeyGen, pair, afterKeyGen, message, optRand, signature, random.Position);
    });

    [Test]
    public void SlhDsa_declared_lengths_follow_FIPS_205()
    {
        SlhDsa slh = SlhDsa.SlhDsaSha2_256s;

        slh.AlgType.Should().Be(85u);
        (slh.PublicKeyLength, slh.PrivateKeyLength, slh.SignatureLength).Should().Be((64, 128, 29792));
        (slh.KeyGenRandomLength, slh.SignRandomLength).Should().Be((96, 32));
    }

    [Test]
    public void SlhDsa_keygen_draws_SK_seed_SK_prf_PK_seed_which_open_the_private_key()
    {
        SlhDsaCase c = SlhCase.Value;

        c.PositionAfterKeyGen.Should().Be(96);
        c.Pair.PublicKey.Length.Should().Be(64);
        c.Pair.PrivateKey.Length.Should().Be(128);
        c.Pair.PrivateKey.Span[..96].ToArray().Should().Equal(c.DrawnForKeyGen); // SK.seed‖SK.prf‖PK.seed
        c.Pair.PublicKey.AsSpan(0, 32).ToArray().Should().Equal(c.DrawnForKeyGen[64..]); // PK.seed
        c.Pair.PrivateKey.Span[64..].ToArray().Should().Equal(c.Pair.PublicKey); // PK.seed‖PK.root
    }

    [Test]
    public void SlhDsa_signing_is_hedged_with_32_bytes_from_the_source_and_an_empty_context()
    {
        SlhDsaCase c = SlhCase.Value;

        c.PositionAfterSign.Should().Be(96 + 32);
        c.Signature.Length.Should().Be(29792);

        // FIPS 205 Alg. 19/22 with SHA2 at n = 32: R = PRF_msg(SK.prf, opt_rand, M') = HMAC-SHA-512(SK.prf, opt_rand‖M')
        // truncated to n, M' = 0x00‖0x00‖M (pure, empty context); R opens the signature.
        byte[] skPrf = c.Pair.PrivateKey.Span[32..64].ToArray();
        byte[] prfInput = [.. c.OptRand, 0, 0, .. c.Message];
        byte[] expectedR = HMACSHA512.HashData(skPrf, prfInput)[..32];
        c.Signature[..32].Should().Equal(expectedR);
    }

    [Test]
    public void SlhDsa_verifies_its_signature_and_rejects_one_bit_flips()
    {
        SlhDsaCase c = SlhCase.Value;
        SlhDsa slh = SlhDsa.SlhDsaSha2_256s;

        slh.Verify(c.Pair.PublicKey, c.Message, c.Signature).Should().BeTrue();
        slh.Verify(c.Pair.PublicKey, c.Message, FlipBit(c.Signature, 0)).Should().BeFalse();
        slh.Verify(c.Pair.PublicKey, c.Message, FlipBit(c.Signature, 29791, 7)).Should().BeFalse();
        slh.Verify(c.Pair.PublicKey, FlipBit(c.Message, 3), c.Signature).Should().BeFalse();
        slh.Verify(FlipBit(c.Pair.PublicKey, 63), c.Message, c.Signature).Should().BeFalse();
    }

    [Test]
    public void SlhDsa_verify_returns_false_for_wrong_lengths_and_random_bytes()
    {
        SlhDsaCase c = SlhCase.Value;
        SlhDsa slh = SlhDsa.SlhDsaSha2_256s;

        slh.Verify(c.Pair.PublicKey.AsSpan(1), c.Message, c.Signature).Should().BeFalse();
        slh.Verify(c.Pair.PublicKey, c.Message, c.Signature.AsSpan(1)).Should().BeFalse();
        slh.Verify([], c.Message, []).Should().BeFalse();
        Gen.Byte.Array[29792].Sample(s => !slh.Verify(c.Pair.PublicKey, c.Message, s), iter: 10);
    }

    [Test]
    public void SlhDsa_signing_with_a_wrong_length_private_key_throws_ArgumentException()
    {
        FluentActions.Invoking(() => SlhDsa.SlhDsaSha2_256s.Sign(new byte[127], "m"u8, new ReferenceStreamRandom("r")))
            .Should().Throw<ArgumentException>().WithParameterName("privateKey");
    }

    private static byte[] Shake256(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int length)
    {
        var shake = new ShakeDigest(256);
        shake.BlockUpdate(a);
        shake.BlockUpdate(b);
        byte[] output = new byte[length];
        shake.OutputFinal(output, 0, length);
        return output;
    }
}
