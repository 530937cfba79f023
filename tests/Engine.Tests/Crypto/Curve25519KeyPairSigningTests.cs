using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Engine.Tests.Crypto;

/// <summary>
/// curve25519_sign through a <see cref="KeyPair"/> (A = a·B computed once and kept on the pair) against the span overload,
/// and both against verification: a wrong R = r·B (signed radix-16 table) or S (constant-time mod-ℓ arithmetic) for any
/// random key, nonce or message would make the RFC 8032 verification fail.
/// </summary>
[TestFixture]
public sealed class Curve25519KeyPairSigningTests
{
    private static readonly Curve25519Signature Signer = Curve25519Signature.Instance;

    [Test]
    public void Key_pair_and_span_overloads_give_identical_signatures_that_verify_for_many_random_keys()
    {
        var random = new ReferenceStreamRandom("curve25519-key-pair-signing");
        var rng = new Random(25519);
        for (int i = 0; i < 150; i++)
        {
            KeyPair pair = Signer.GenerateKeyPair(random);
            byte[] message = new byte[rng.Next(0, 200)];
            rng.NextBytes(message);
            byte[] z = new byte[Curve25519Signature.NonceRandomLength];
            rng.NextBytes(z);

            byte[] viaSpan = Signer.Sign(pair.PrivateKey.Span, message, new Support.FixedRandom(z));
            byte[] viaPair = Signer.Sign(pair, message, new Support.FixedRandom(z));
            byte[] viaPairAgain = Signer.Sign(pair, message, new Support.FixedRandom(z));

            viaPair.Should().Equal(viaSpan, $"key {i}");
            viaPairAgain.Should().Equal(viaSpan, $"key {i}, cached point");
            Signer.Verify(pair.PublicKey, message, viaPair).Should().BeTrue($"key {i}");
        }
    }

    [Test]
    public void The_interface_overload_reaches_the_cached_path_and_keeps_only_the_public_point_on_the_pair()
    {
        KeyPair pair = Signer.GenerateKeyPair(new ReferenceStreamRandom("curve25519-cache"));
        ISignatureScheme scheme = Signer;
        pair.SchemeCache.Should().BeNull();

        byte[] signature = scheme.Sign(pair, "m"u8, new ReferenceStreamRandom("z"));

        pair.SchemeCache.Should().BeOfType<Curve25519PublicPoint>();
        var point = (Curve25519PublicPoint)pair.SchemeCache!;
        point.Encoded.ToArray().Should().NotEqual(pair.PrivateKey.ToArray());
        byte[] expected = new byte[32];
        Edwards25519.ScalarMultBaseEncoded(pair.PrivateKey.Span, expected);
        point.Encoded.ToArray().Should().Equal(expected);
        Signer.Verify(pair.PublicKey, "m"u8, signature).Should().BeTrue();
    }

    [Test]
    public void A_scheme_without_a_key_pair_overload_signs_the_pair_s_private_key_through_the_span_path()
    {
        ISignatureScheme scheme = new SpanOnlyScheme();
        var pair = new KeyPair([1, 2], SecretBytes.Copy([3, 4, 5]));

        byte[] signature = scheme.Sign(pair, "m"u8, new ReferenceStreamRandom("r"));

        signature.Should().Equal(3, 4, 5, (byte)'m');
        pair.SchemeCache.Should().BeNull();
    }

    [Test]
    public void Signing_with_the_order_minus_one_gives_the_negated_base_point()
    {
        // ℓ − 1 = −1 mod ℓ, so (ℓ − 1)·B = −B: the same y as B with the x parity flipped (RFC 8032 §5.1.2).
        byte[] orderMinusOne = Convert.FromHexString("ecd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
        byte[] one = new byte[32];
        one[0] = 1;
        byte[] minusB = new byte[32], b = new byte[32];

        Edwards25519.ScalarMultBaseEncoded(orderMinusOne, minusB);
        Edwards25519.ScalarMultBaseEncoded(one, b);

        Convert.ToHexStringLower(b).Should().Be("5866666666666666666666666666666666666666666666666666666666666666");
        minusB[31].Should().Be((byte)(b[31] ^ 0x80));
        minusB[..31].Should().Equal(b[..31]);
    }

    /// <summary>A scheme with only the span overload: its "signature" is the private key followed by the message.</summary>
    private sealed class SpanOnlyScheme : ISignatureScheme
    {
        public string Name => "span-only";

        public uint AlgType => 0;

        public int PublicKeyLength => 2;

        public int PrivateKeyLength => 3;

        public int SignatureLength => 0;

        public KeyPair GenerateKeyPair(IRandomSource random) => throw new InvalidOperationException("not used");

        public byte[] Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message, IRandomSource random) => [.. privateKey, .. message];

        public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) => false;
    }
}
