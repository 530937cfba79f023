using System.Numerics;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Tests.Support;
using R = E2eeConformance.Engine.Tests.Crypto.Ed25519Reference;

namespace E2eeConformance.Engine.Tests.Crypto;

/// <summary>
/// curve25519_sign and curve25519_verify against oracles, on thousands of random inputs: signatures byte for byte against
/// the <see cref="BigInteger"/> model of <see cref="Ed25519Reference"/> (same key, message and 64 random bytes Z), k·B
/// against the model for random and edge scalars, and verification against what it was before the fast verifier
/// (BouncyCastle's RFC 8032 verification after the u → y map) on valid signatures and on every kind of mutation.
/// </summary>
[TestFixture]
public sealed class Curve25519EquivalenceTests
{
    private static readonly Curve25519Signature Signer = Curve25519Signature.Instance;

    private static byte[] RandomBytes(Random rng, int length)
    {
        byte[] bytes = new byte[length];
        rng.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Clamped(Random rng)
    {
        byte[] key = RandomBytes(rng, 32);
        X25519Kem.Clamp(key);
        return key;
    }

    [Test]
    public void Signatures_equal_the_reference_model_byte_for_byte()
    {
        var rng = new Random(170);
        for (int i = 0; i < 1500; i++)
        {
            byte[] privateKey = Clamped(rng);
            byte[] message = RandomBytes(rng, rng.Next(0, i % 10 == 0 ? 2000 : 160));
            byte[] z = RandomBytes(rng, Curve25519Signature.NonceRandomLength);
            byte[] expected = R.Sign(privateKey, message, z);

            byte[] viaSpan = Signer.Sign(privateKey, message, new FixedRandom(z));
            var pair = new KeyPair(X25519Kem.PublicKeyFromPrivate(privateKey), SecretBytes.Copy(privateKey));
            byte[] viaPair = Signer.Sign(pair, message, new FixedRandom(z));

            Convert.ToHexStringLower(viaSpan).Should().Be(Convert.ToHexStringLower(expected), $"case {i}");
            viaPair.Should().Equal(expected, $"case {i}, key pair");
        }
    }

    [Test]
    public void Base_multiplication_equals_the_reference_for_random_and_edge_scalars()
    {
        var rng = new Random(171);
        var scalars = new List<BigInteger> { 0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, R.L - 1, R.L, R.L + 1, 2 * R.L, BigInteger.Pow(2, 252) };
        scalars.AddRange(Enumerable.Range(0, 256).Select(i => BigInteger.Pow(2, i)));
        scalars.AddRange(Enumerable.Range(1, 256).Select(i => BigInteger.Pow(2, i) - 1));
        scalars.AddRange(Enumerable.Range(0, 64).Select(i => R.L - BigInteger.Pow(2, i)));
        scalars.AddRange(Enumerable.Range(0, 1500).Select(_ => R.FromBytes(RandomBytes(rng, 32))));
        Span<byte> ours = stackalloc byte[32];
        foreach (BigInteger k in scalars)
        {
            Edwards25519.ScalarMultBaseEncoded(R.ToBytes(k), ours);

            ours.ToArray().Should().Equal(R.Encode(R.MultiplyBase(k)), $"k = {k}");
        }
    }

    [Test]
    public void Verification_agrees_with_BouncyCastle_on_valid_and_mutated_signatures()
    {
        var rng = new Random(172);
        int accepted = 0, rejected = 0;
        for (int i = 0; i < 400; i++)
        {
            byte[] privateKey = Clamped(rng);
            byte[] publicKey = X25519Kem.PublicKeyFromPrivate(privateKey);
            byte[] message = RandomBytes(rng, rng.Next(0, 100));
            byte[] signature = Signer.Sign(privateKey, message, new FixedRandom(RandomBytes(rng, 64)));

            foreach ((string what, byte[] key, byte[] msg, byte[] sig) in Mutations(rng, publicKey, message, signature))
            {
                bool expected = R.VerifyThroughBouncyCastle(key, msg, sig);
                Signer.Verify(key, msg, sig).Should().Be(expected, $"case {i}: {what}");
                (expected ? ref accepted : ref rejected)++;
            }
        }

        accepted.Should().BeGreaterThanOrEqualTo(400, "every unmutated signature verifies");
        rejected.Should().BeGreaterThan(4000);
    }

    [Test]
    public void Verification_agrees_with_BouncyCastle_on_crafted_signatures_with_torsion_identity_and_non_canonical_parts()
    {
        var rng = new Random(173);
        int acceptedOnlyCofactored = 0;
        for (int i = 0; i < 150; i++)
        {
            byte[] privateKey = Clamped(rng);
            byte[] message = RandomBytes(rng, rng.Next(0, 64));
            foreach ((string what, byte[] key, byte[] sig) in Crafted(rng, privateKey, message))
            {
                bool expected = R.VerifyThroughBouncyCastle(key, message, sig);
                Signer.Verify(key, message, sig).Should().Be(expected, $"case {i}: {what}");
                if (expected && what.Contains("torsion", StringComparison.Ordinal))
                {
                    acceptedOnlyCofactored++;
                }
            }
        }

        acceptedOnlyCofactored.Should().BeGreaterThan(100, "BouncyCastle checks the cofactored equation, so torsion in R or A passes");
    }

    [Test]
    public void Verification_agrees_with_BouncyCastle_for_small_order_and_hostile_public_keys()
    {
        var rng = new Random(174);
        byte[] privateKey = Clamped(rng);
        byte[] message = RandomBytes(rng, 40);
        byte[] signature = Signer.Sign(privateKey, message, new FixedRandom(RandomBytes(rng, 64)));
        var keys = new List<BigInteger> { 0, 1, 2, R.P - 1, R.P - 2, R.P, R.P + 1, BigInteger.Pow(2, 255) - 1, BigInteger.Pow(2, 255) };
        keys.Add(R.EdwardsToMontgomeryU(R.Torsion8)!.Value);
        keys.Add(R.EdwardsToMontgomeryU(R.Add(R.Torsion8, R.Torsion8))!.Value);
        keys.Add(R.EdwardsToMontgomeryU(R.Negate(R.Torsion8))!.Value);
        keys.AddRange(Enumerable.Range(0, 300).Select(_ => R.FromBytes(RandomBytes(rng, 32)) % BigInteger.Pow(2, 255)));
        foreach (BigInteger u in keys)
        {
            byte[] key = new byte[32];
            (u % BigInteger.Pow(2, 256)).TryWriteBytes(key, out _, isUnsigned: true, isBigEndian: false);
            foreach (byte[] sig in new[] { signature, FlipBit(signature, 511) })
            {
                Signer.Verify(key, message, sig).Should().Be(R.VerifyThroughBouncyCastle(key, message, sig), $"u = {u}");
            }
        }
    }

    [Test]
    public void The_Edwards_key_of_a_Montgomery_u_is_the_model_decoding_of_y_equals_u_minus_one_over_u_plus_one()
    {
        var rng = new Random(175);
        var values = new List<BigInteger> { 0, 1, 2, 9, R.P - 1, R.P - 2, R.P, R.P + 1, BigInteger.Pow(2, 255) - 1, BigInteger.Pow(2, 255) };
        values.AddRange(Enumerable.Range(0, 1000).Select(_ => R.FromBytes(RandomBytes(rng, 32)) % BigInteger.Pow(2, 255)));
        values.AddRange(Enumerable.Range(0, 100).Select(_ => R.FromBytes(X25519Kem.PublicKeyFromPrivate(Clamped(rng)))));
        Span<byte> encoded = stackalloc byte[32];
        foreach (BigInteger u in values)
        {
            foreach (int sign in new[] { 0, 1 })
            {
                BigInteger? y = u >= R.P || u == 0 ? null : R.MontgomeryToEdwardsY(u);
                byte[]? expectedEncoding = y is null ? null : R.ToBytes(y.Value);
                expectedEncoding?[31] |= (byte)(sign << 7);
                R.Point? expected = expectedEncoding is null ? null : R.Decode(expectedEncoding);

                bool decoded = Edwards25519.TryDecodeMontgomeryKeyVar(R.ToBytes(u % BigInteger.Pow(2, 256)), sign, encoded, out EdwardsPoint point);

                decoded.Should().Be(expected is not null, $"u = {u}, sign {sign}");
                if (expected is not null)
                {
                    encoded.ToArray().Should().Equal(expectedEncoding, $"u = {u}");
                    byte[] ours = new byte[32];
                    point.EncodeVar(ours);
                    ours.Should().Equal(R.Encode(expected.Value), $"u = {u}, sign {sign}");
                }
            }
        }
    }

    private static byte[] FlipBit(byte[] value, int bit)
    {
        byte[] copy = (byte[])value.Clone();
        copy[bit / 8] ^= (byte)(1 << (bit % 8));
        return copy;
    }

    private static byte[] WithS(byte[] signature, BigInteger s)
    {
        byte[] copy = (byte[])signature.Clone();
        byte sign = (byte)(copy[63] & 0x80);
        R.ToBytes(s).CopyTo(copy, 32);
        copy[63] |= sign;
        return copy;
    }

    private static BigInteger SOf(byte[] signature)
    {
        byte[] s = signature[32..];
        s[31] &= 0x7F;
        return R.FromBytes(s);
    }

    private static IEnumerable<(string What, byte[] Key, byte[] Message, byte[] Signature)> Mutations(
        Random rng, byte[] key, byte[] message, byte[] signature)
    {
        yield return ("valid", key, message, signature);
        BigInteger s = SOf(signature);
        yield return ("S + L", key, message, WithS(signature, s + R.L));
        yield return ("S + 2L", key, message, WithS(signature, s + (2 * R.L)));
        yield return ("S = L", key, message, WithS(signature, R.L));
        yield return ("S = L - 1", key, message, WithS(signature, R.L - 1));
        yield return ("S = 0", key, message, WithS(signature, 0));
        yield return ("S = 2^253 - 1", key, message, WithS(signature, BigInteger.Pow(2, 253) - 1));
        for (int j = 0; j < 3; j++)
        {
            int rBit = rng.Next(256), sBit = 256 + rng.Next(256), keyBit = rng.Next(256);
            yield return ($"R bit {rBit}", key, message, FlipBit(signature, rBit));
            yield return ($"S bit {sBit}", key, message, FlipBit(signature, sBit));
            yield return ($"key bit {keyBit}", FlipBit(key, keyBit), message, signature);
        }

        yield return ("R sign bit", key, message, FlipBit(signature, 255));
        yield return ("A sign bit", key, message, FlipBit(signature, 511));
        if (message.Length > 0)
        {
            yield return ("message bit", key, FlipBit(message, rng.Next(message.Length * 8)), signature);
        }

        yield return ("message extended", key, [.. message, 0], signature);
        byte[] randomR = (byte[])signature.Clone();
        rng.NextBytes(randomR.AsSpan(0, 32));
        yield return ("random R", key, message, randomR);
        yield return ("random key", RandomBytes(rng, 32), message, signature);
    }

    /// <summary>
    /// Signatures made with the model: R or A moved by a point of order 8 (valid only under the cofactored equation), the
    /// neutral element as R (S = h·a), and non-canonical encodings of small-y points as R (y + p) with a matching S.
    /// </summary>
    private static IEnumerable<(string What, byte[] Key, byte[] Signature)> Crafted(Random rng, byte[] privateKey, byte[] message)
    {
        BigInteger a = R.FromBytes(privateKey);
        R.Point publicPoint = R.MultiplyBase(a);
        byte[] key = X25519Kem.PublicKeyFromPrivate(privateKey);
        BigInteger r = R.ModL(R.FromBytes(RandomBytes(rng, 64)));
        int t = rng.Next(1, 8);
        R.Point torsion = R.Multiply(t, R.Torsion8);

        // R + T: S·B = R + h·A still holds up to the torsion point.
        yield return ($"R + {t}·torsion", key, MakeSignature(R.Add(R.MultiplyBase(r), torsion), r, a, publicPoint, message));

        // A + T: the key is the u of a·B + T, S = r + h·a with h over the encoding of a·B + T.
        R.Point mixed = R.Add(publicPoint, torsion);
        BigInteger? mixedU = R.EdwardsToMontgomeryU(mixed);
        if (mixedU is not null)
        {
            yield return ($"A + {t}·torsion", R.ToBytes(mixedU.Value), MakeSignature(R.MultiplyBase(r), r, a, mixed, message));
        }

        yield return ("R = identity", key, MakeSignature(R.Identity, 0, a, publicPoint, message));
        yield return ("R = torsion only", key, MakeSignature(torsion, 0, a, publicPoint, message));
        byte[] identityWithSign = MakeSignature(R.Identity, 0, a, publicPoint, message);
        identityWithSign[31] |= 0x80;
        yield return ("R = identity with the x sign bit", key, identityWithSign);

        // y + p for y ∈ {0, 1, …, 18}: only y = 0 (order 4) and y = 1 (identity) are points; all are non-canonical.
        foreach (int y in new[] { 0, 1, 2, 18 })
        {
            byte[] bigR = R.ToBytes(R.P + y);
            BigInteger h = R.Challenge(bigR, R.Encode(publicPoint), message);
            byte[] sig = [.. bigR, .. R.ToBytes(R.ModL(h * a))];
            sig[63] |= (byte)(R.Encode(publicPoint)[31] & 0x80);
            yield return ($"R = {y} + p (non-canonical)", key, sig);
        }
    }

    /// <summary>R ‖ S with S = (r + h·a) mod ℓ and h = SHA-512(R ‖ A ‖ M) mod ℓ over the given points' encodings.</summary>
    private static byte[] MakeSignature(R.Point bigR, BigInteger r, BigInteger a, R.Point publicPoint, byte[] message)
    {
        byte[] encodedR = R.Encode(bigR);
        byte[] encodedA = R.Encode(publicPoint);
        BigInteger h = R.Challenge(encodedR, encodedA, message);
        byte[] signature = [.. encodedR, .. R.ToBytes(R.ModL(r + (h * a)))];
        signature[63] |= (byte)(encodedA[31] & 0x80);
        return signature;
    }
}
