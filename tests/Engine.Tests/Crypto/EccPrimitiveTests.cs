using System.Text.Json;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Tests.Support;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Engine.Tests.Crypto;

/// <summary>
/// The ECC half of the cipher suite against the reference's primitive vectors (REFERENCE-BEHAVIOUR §3, 5, 6) and the
/// normative SKISSM ECC account vectors: X25519 keys and DH, libsignal curve25519 signatures.
/// </summary>
[TestFixture]
public sealed class EccPrimitiveTests
{
    private static readonly X25519Kem Kem = new();
    private static readonly Curve25519Signature Signer = new();

    private static JsonElement Primitives(string name)
    {
        string path = Path.Combine(SharedPaths.E2eeSecurity, "primitives.json");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.GetProperty(name).Clone();
    }

    private static byte[] Hex(JsonElement e, string name) => Convert.FromHexString(e.GetProperty(name).GetString()!);

    private static byte[] FlipBit(byte[] value, int bit)
    {
        byte[] copy = (byte[])value.Clone();
        copy[bit / 8] ^= (byte)(1 << (bit % 8));
        return copy;
    }

    private sealed record SignCase(byte[] Private, byte[] Public, byte[] Message, byte[] Random64, byte[] Signature);

    private static SignCase Curve25519SignCase()
    {
        JsonElement v = Primitives("curve25519_sign");
        return new SignCase(Hex(v, "private"), Hex(v, "public_montgomery"), Hex(v, "msg"), Hex(v, "random64"), Hex(v, "signature"));
    }

    // ---- X25519 -------------------------------------------------------------------------------------------------

    [Test]
    public void X25519_public_key_from_private_matches_the_reference_for_both_parties()
    {
        JsonElement v = Primitives("x25519");
        X25519Kem.PublicKeyFromPrivate(Hex(v, "a_private")).Should().Equal(Hex(v, "a_public"));
        X25519Kem.PublicKeyFromPrivate(Hex(v, "b_private")).Should().Equal(Hex(v, "b_public"));
    }

    [Test]
    public void X25519_DH_both_ways_gives_the_reference_shared_secret()
    {
        JsonElement v = Primitives("x25519");
        byte[] shared = Hex(v, "shared_secret");
        using SecretBytes ab = Kem.Decapsulate(Hex(v, "a_private"), Hex(v, "b_public"));
        using SecretBytes ba = Kem.Decapsulate(Hex(v, "b_private"), Hex(v, "a_public"));
        ab.ToArray().Should().Equal(shared);
        ba.ToArray().Should().Equal(shared);
    }

    [Test]
    public void X25519_key_generation_draws_32_bytes_clamps_and_stores_the_clamped_key()
    {
        JsonElement v = Primitives("x25519");
        byte[] clamped = Hex(v, "a_private");
        byte[] unclamped = (byte[])clamped.Clone();
        unclamped[0] |= 7;
        unclamped[31] |= 0x80;
        var random = new FixedRandom(unclamped);

        KeyPair pair = Kem.GenerateKeyPair(random);

        random.Remaining.Should().Be(0);
        pair.PrivateKey.ToArray().Should().Equal(clamped);
        pair.PublicKey.Should().Equal(Hex(v, "a_public"));
    }

    [Test]
    public void X25519_describes_itself_as_the_ECC_DH_suite_with_32_byte_values()
    {
        Kem.Name.Should().Be("X25519");
        Kem.AlgType.Should().Be(0u);
        Kem.IsDiffieHellman.Should().BeTrue();
        new[] { Kem.PublicKeyLength, Kem.PrivateKeyLength, Kem.CiphertextLength, Kem.SharedSecretLength }
            .Should().AllBeEquivalentTo(32);
    }

    [Test]
    public void X25519_encapsulation_is_ephemeral_static_DH_that_decapsulation_recovers()
    {
        JsonElement v = Primitives("x25519");
        var random = new FixedRandom(Hex(v, "a_private"));

        KemEncapsulation enc = Kem.Encapsulate(Hex(v, "b_public"), random);

        enc.Ciphertext.Should().Equal(Hex(v, "a_public"));
        enc.SharedSecret.ToArray().Should().Equal(Hex(v, "shared_secret"));
        using SecretBytes dec = Kem.Decapsulate(Hex(v, "b_private"), enc.Ciphertext);
        dec.Should().Be(enc.SharedSecret);
    }

    [TestCase(31, 32)]
    [TestCase(32, 33)]
    [TestCase(0, 32)]
    public void X25519_rejects_wrong_length_inputs_with_ArgumentException(int privateLength, int publicLength)
    {
        Action decapsulate = () => Kem.Decapsulate(new byte[privateLength], new byte[publicLength]);
        decapsulate.Should().Throw<ArgumentException>();
    }

    [Test]
    public void X25519_rejects_wrong_length_keys_in_encapsulate_and_public_key_derivation()
    {
        Action encapsulate = () => Kem.Encapsulate(new byte[31], new FixedRandom(new byte[32]));
        Action derive = () => X25519Kem.PublicKeyFromPrivate(new byte[33]);
        encapsulate.Should().Throw<ArgumentException>();
        derive.Should().Throw<ArgumentException>();
    }

    // ---- curve25519 signatures ----------------------------------------------------------------------------------

    [Test]
    public void Curve25519_signature_scheme_describes_itself()
    {
        Signer.Name.Should().Be("curve25519");
        Signer.AlgType.Should().Be(0u);
        Signer.PublicKeyLength.Should().Be(32);
        Signer.PrivateKeyLength.Should().Be(32);
        Signer.SignatureLength.Should().Be(64);
    }

    [Test]
    public void Curve25519_public_key_is_the_montgomery_u_of_the_private_scalar()
    {
        SignCase c = Curve25519SignCase();
        X25519Kem.PublicKeyFromPrivate(c.Private).Should().Equal(c.Public);
    }

    [Test]
    public void Curve25519_signing_with_the_recorded_64_random_bytes_reproduces_the_reference_signature()
    {
        SignCase c = Curve25519SignCase();
        var random = new FixedRandom(c.Random64);

        byte[] signature = Signer.Sign(c.Private, c.Message, random);

        random.Remaining.Should().Be(0, "the nonce consumes exactly 64 random bytes");
        Convert.ToHexStringLower(signature).Should().Be(Convert.ToHexStringLower(c.Signature));
    }

    [Test]
    public void Curve25519_signing_through_the_key_pair_reproduces_the_reference_signature_with_and_without_the_cached_point()
    {
        SignCase c = Curve25519SignCase();
        var pair = new KeyPair(c.Public, SecretBytes.Copy(c.Private));

        byte[] first = Signer.Sign(pair, c.Message, new FixedRandom(c.Random64));
        byte[] second = Signer.Sign(pair, c.Message, new FixedRandom(c.Random64));

        Convert.ToHexStringLower(first).Should().Be(Convert.ToHexStringLower(c.Signature));
        Convert.ToHexStringLower(second).Should().Be(Convert.ToHexStringLower(c.Signature));
    }

    [Test]
    public void Curve25519_reference_signature_verifies()
    {
        SignCase c = Curve25519SignCase();
        Signer.Verify(c.Public, c.Message, c.Signature).Should().BeTrue();
    }

    [TestCase(0)]
    [TestCase(100)]
    [TestCase(255)]
    [TestCase(256)]
    [TestCase(300)]
    [TestCase(510)]
    [TestCase(511)]
    public void Curve25519_signature_with_one_bit_flipped_does_not_verify(int bit)
    {
        SignCase c = Curve25519SignCase();
        Signer.Verify(c.Public, c.Message, FlipBit(c.Signature, bit)).Should().BeFalse();
    }

    [TestCase(0)]
    [TestCase(7)]
    [TestCase(100)]
    public void Curve25519_message_with_one_bit_flipped_does_not_verify(int bit)
    {
        SignCase c = Curve25519SignCase();
        Signer.Verify(c.Public, FlipBit(c.Message, bit), c.Signature).Should().BeFalse();
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(128)]
    [TestCase(254)]
    [TestCase(255)]
    public void Curve25519_public_key_with_one_bit_flipped_does_not_verify(int bit)
    {
        SignCase c = Curve25519SignCase();
        Signer.Verify(FlipBit(c.Public, bit), c.Message, c.Signature).Should().BeFalse();
    }

    [TestCase(31, 64)]
    [TestCase(33, 64)]
    [TestCase(0, 64)]
    [TestCase(32, 63)]
    [TestCase(32, 65)]
    [TestCase(32, 0)]
    public void Curve25519_wrong_lengths_return_false(int publicLength, int signatureLength)
    {
        SignCase c = Curve25519SignCase();
        byte[] publicKey = new byte[publicLength];
        c.Public.AsSpan(0, Math.Min(32, publicLength)).CopyTo(publicKey);
        byte[] signature = new byte[signatureLength];
        c.Signature.AsSpan(0, Math.Min(64, signatureLength)).CopyTo(signature);

        Signer.Verify(publicKey, c.Message, signature).Should().BeFalse();
    }

    [Test]
    public void Curve25519_hostile_public_keys_return_false_without_throwing()
    {
        SignCase c = Curve25519SignCase();
        byte[] pMinusOne = Convert.FromHexString("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        byte[] p = Convert.FromHexString("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        byte[] allOnes = Enumerable.Repeat((byte)0xFF, 32).ToArray();
        byte[] zero = new byte[32];
        byte[] one = new byte[32];
        one[0] = 1;
        byte[] nonCanonical = (byte[])c.Public.Clone();
        nonCanonical[31] |= 0x80;

        foreach (byte[] key in new[] { pMinusOne, p, allOnes, zero, one, nonCanonical })
        {
            Signer.Verify(key, c.Message, c.Signature).Should().BeFalse(Convert.ToHexStringLower(key));
        }
    }

    [Test]
    public void Curve25519_rejects_a_wrong_length_private_key_when_signing()
    {
        Action sign = () => Signer.Sign(new byte[31], [1, 2, 3], new FixedRandom(new byte[64]));
        sign.Should().Throw<ArgumentException>();
    }

    [Test]
    public void Curve25519_sign_then_verify_round_trips_for_random_keys_and_messages()
    {
        var rng = new Random(20250712);
        for (int i = 0; i < 100; i++)
        {
            byte[] keySeed = new byte[32];
            byte[] nonce = new byte[64];
            byte[] message = new byte[rng.Next(0, 200)];
            rng.NextBytes(keySeed);
            rng.NextBytes(nonce);
            rng.NextBytes(message);

            KeyPair pair = Signer.GenerateKeyPair(new FixedRandom(keySeed));
            byte[] signature = Signer.Sign(pair.PrivateKey.Span, message, new FixedRandom(nonce));

            signature.Should().HaveCount(64);
            Signer.Verify(pair.PublicKey, message, signature).Should().BeTrue($"iteration {i}");
            if (message.Length > 0)
            {
                Signer.Verify(pair.PublicKey, FlipBit(message, rng.Next(message.Length * 8)), signature)
                    .Should().BeFalse($"iteration {i}, tampered message");
            }
        }
    }

    [Test]
    public void Curve25519_signatures_are_randomized_by_the_64_nonce_bytes()
    {
        SignCase c = Curve25519SignCase();
        byte[] otherNonce = (byte[])c.Random64.Clone();
        otherNonce[0] ^= 1;

        byte[] signature = Signer.Sign(c.Private, c.Message, new FixedRandom(otherNonce));

        signature.Should().NotEqual(c.Signature);
        Signer.Verify(c.Public, c.Message, signature).Should().BeTrue();
    }

    [Test]
    public void Edwards_base_multiplication_agrees_with_BouncyCastle_Ed25519_public_keys()
    {
        var rng = new Random(5);
        Span<byte> ours = stackalloc byte[32];
        for (int i = 0; i < 50; i++)
        {
            byte[] seed = new byte[32];
            rng.NextBytes(seed);
            byte[] scalar = System.Security.Cryptography.SHA512.HashData(seed)[..32];
            scalar[0] &= 248;
            scalar[31] &= 127;
            scalar[31] |= 64;
            byte[] expected = new byte[32];
            Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.GeneratePublicKey(seed, 0, expected, 0);

            Edwards25519.ScalarMultBaseEncoded(scalar, ours);

            ours.ToArray().Should().Equal(expected, $"seed {Convert.ToHexStringLower(seed)}");
        }
    }

    [Test]
    public void Edwards_base_multiplication_handles_full_256_bit_scalars_modulo_the_group_order()
    {
        byte[] allOnes = Enumerable.Repeat((byte)0xFF, 32).ToArray();
        byte[] wide = new byte[64];
        allOnes.CopyTo(wide, 0);
        byte[] reduced = new byte[32];
        Scalar25519.Reduce(wide, reduced);
        byte[] zero = new byte[32];
        Span<byte> a = stackalloc byte[32];
        Span<byte> b = stackalloc byte[32];
        Span<byte> identity = stackalloc byte[32];

        Edwards25519.ScalarMultBaseEncoded(allOnes, a);
        Edwards25519.ScalarMultBaseEncoded(reduced, b);
        Edwards25519.ScalarMultBaseEncoded(zero, identity);

        a.ToArray().Should().Equal(b.ToArray());
        identity.ToArray().Should().Equal(Convert.FromHexString("0100000000000000000000000000000000000000000000000000000000000000"));
    }

    // ---- SKISSM normative ECC vectors ---------------------------------------------------------------------------

    [TestCase("alice_account")]
    [TestCase("bob_account")]
    public void Skissm_signed_pre_key_signature_verifies_under_the_identity_sign_key(string account)
    {
        string path = Path.Combine(SharedPaths.Skissm, "ecc_one2one.json");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
        JsonElement acc = doc.RootElement.GetProperty(account);
        JsonElement signKeyPair = acc.GetProperty("identity_key").GetProperty("sign_key_pair");
        byte[] signPublic = Hex(signKeyPair, "public_key");
        byte[] signPrivate = Hex(signKeyPair, "private_key");
        JsonElement spk = acc.GetProperty("signed_pre_key");
        byte[] spkPublic = Hex(spk.GetProperty("key_pair"), "public_key");
        byte[] signature = Hex(spk, "signature");

        X25519Kem.PublicKeyFromPrivate(signPrivate).Should().Equal(signPublic);
        Signer.Verify(signPublic, spkPublic, signature).Should().BeTrue();
        Signer.Verify(signPublic, FlipBit(spkPublic, 3), signature).Should().BeFalse();
        Signer.Verify(signPublic, spkPublic, FlipBit(signature, 3)).Should().BeFalse();
    }
}
