using CsCheck;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;
using Org.BouncyCastle.Math.EC.Rfc7748;

namespace E2eeConformance.Engine.Tests.Crypto;

/// <summary>
/// A new X25519 key pair's public key comes from the Edwards fixed-base table (u = (Z + Y)/(Z − Y) of k·B, RFC 7748
/// §4.1) instead of the ladder: the same bytes as BouncyCastle's <c>X25519.ScalarMultBase</c> for every clamped k, and
/// the same key pairs from the same random bytes as before.
/// </summary>
[TestFixture]
public sealed class X25519FixedBaseTests
{
    private static byte[] Clamped(byte[] k)
    {
        byte[] c = [.. k];
        c[0] &= 248;
        c[31] &= 127;
        c[31] |= 64;
        return c;
    }

    [Test]
    public void The_Edwards_fixed_base_gives_BouncyCastles_public_key_for_every_clamped_scalar()
    {
        Gen.Byte.Array[32].Sample(k =>
        {
            byte[] clamped = Clamped(k);
            byte[] ours = new byte[32], theirs = new byte[32];
            Edwards25519.ScalarMultBaseMontgomeryU(clamped, ours);
            X25519.ScalarMultBase(clamped, 0, theirs, 0);
            return ours.AsSpan().SequenceEqual(theirs);
        }, iter: 3_000);
    }

    [TestCase("0000000000000000000000000000000000000000000000000000000000000000")]
    [TestCase("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [TestCase("0900000000000000000000000000000000000000000000000000000000000000")]
    public void Edge_scalars_after_clamping_agree(string hex)
    {
        byte[] clamped = Clamped(Convert.FromHexString(hex));
        byte[] ours = new byte[32], theirs = new byte[32];
        Edwards25519.ScalarMultBaseMontgomeryU(clamped, ours);
        X25519.ScalarMultBase(clamped, 0, theirs, 0);
        ours.Should().Equal(theirs);
    }

    [Test]
    public void Key_generation_and_encapsulation_give_the_keys_the_private_bytes_determine()
    {
        var random = new ReferenceStreamRandom("x25519-fixed-base");
        for (int i = 0; i < 200; i++)
        {
            KeyPair pair = X25519Kem.Instance.GenerateKeyPair(random);
            pair.PublicKey.Should().Equal(X25519Kem.PublicKeyFromPrivate(pair.PrivateKey.Span));
        }

        KeyPair bob = X25519Kem.Instance.GenerateKeyPair(random);
        KemEncapsulation sent = X25519Kem.Instance.Encapsulate(bob.PublicKey, random);
        X25519Kem.Instance.Decapsulate(bob.PrivateKey.Span, sent.Ciphertext).Span.ToArray().Should().Equal(sent.SharedSecret.Span.ToArray());
    }
}
