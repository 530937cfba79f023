using System.Numerics;
using E2eeConformance.Engine.Crypto;
using Org.BouncyCastle.Math.EC.Rfc7748;
using R = E2eeConformance.Engine.Tests.Crypto.Ed25519Reference;

namespace E2eeConformance.Engine.Tests.Crypto;

/// <summary>
/// The X25519 ladder against BouncyCastle's <c>X25519.ScalarMult</c>, byte for byte: random and unclamped scalars,
/// random u-coordinates with and without bit 255, non-canonical u (p … 2^255 − 1), the low-order points (all-zero
/// output) and the RFC 7748 §5.2 vectors.
/// </summary>
[TestFixture]
public sealed class X25519LadderTests
{
    private static byte[] Ours(byte[] scalar, byte[] u)
    {
        byte[] result = new byte[32];
        X25519Ladder.ScalarMult(scalar, u, result);
        return result;
    }

    private static byte[] BouncyCastle(byte[] scalar, byte[] u)
    {
        byte[] result = new byte[32];
        X25519.ScalarMult(scalar, 0, u, 0, result, 0);
        return result;
    }

    [Test]
    public void The_ladder_equals_BouncyCastle_for_random_edge_and_low_order_inputs()
    {
        var rng = new Random(7748);
        var us = new List<BigInteger> { 0, 1, 2, 9, R.P - 1, R.P, R.P + 1, BigInteger.Pow(2, 255) - 1, BigInteger.Pow(2, 256) - 1 };
        us.Add(BigInteger.Parse("325606250916557431795983626356110631294008115727848805560023387167927233504", System.Globalization.CultureInfo.InvariantCulture));
        us.Add(BigInteger.Parse("39382357235489614581723060781553021112529911719440698176882885853963445705823", System.Globalization.CultureInfo.InvariantCulture));
        for (int i = 0; i < 1500; i++)
        {
            byte[] random = new byte[32];
            rng.NextBytes(random);
            us.Add(R.FromBytes(random));
        }

        foreach (BigInteger value in us)
        {
            byte[] u = new byte[32];
            value.TryWriteBytes(u, out _, isUnsigned: true, isBigEndian: false);
            byte[] scalar = new byte[32];
            rng.NextBytes(scalar);

            Ours(scalar, u).Should().Equal(BouncyCastle(scalar, u), $"u = {value}, k = {Convert.ToHexStringLower(scalar)}");
        }
    }

    [TestCase("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4", "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c", "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552")]
    [TestCase("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d", "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493", "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957")]
    public void The_ladder_reproduces_the_RFC_7748_test_vectors(string scalar, string u, string expected)
    {
        Convert.ToHexStringLower(Ours(Convert.FromHexString(scalar), Convert.FromHexString(u))).Should().Be(expected);
    }

    [Test]
    public void Wrong_lengths_throw()
    {
        Action shortScalar = () => X25519Ladder.ScalarMult(new byte[31], new byte[32], new byte[32]);
        shortScalar.Should().Throw<ArgumentException>();
    }
}
