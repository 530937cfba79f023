using System.Numerics;
using E2eeConformance.Engine.Crypto;

namespace E2eeConformance.Engine.Tests.Crypto;

/// <summary>
/// The constant-time scalar arithmetic mod ℓ (ref10 <c>sc_reduce</c> / <c>sc_muladd</c> approach) against
/// <see cref="BigInteger"/>, which only the tests may use: edge values around 0, ℓ, 2^252, 2^256 and 2^512, and
/// thousands of random inputs, some of them with long runs of one bits that stress the carries.
/// </summary>
[TestFixture]
public sealed class Scalar25519Tests
{
    private const int RandomCases = 4000;

    private static readonly BigInteger L =
        BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<BigInteger> WideEdges()
    {
        BigInteger two252 = BigInteger.Pow(2, 252);
        BigInteger two256 = BigInteger.Pow(2, 256);
        BigInteger two512 = BigInteger.Pow(2, 512);
        BigInteger[] values =
        [
            0, 1, L - 1, L, L + 1, 2 * L - 1, 2 * L, 2 * L + 1, two252 - 1, two252, two252 + 1,
            two256 - 1, two256, (two256 - 1) * (two256 - 1), L * L, L * L - 1, two512 - 1, two512 - L, (two512 / L * L) - 1,
            two512 / L * L,
        ];
        return values;
    }

    private static IEnumerable<BigInteger> NarrowEdges() =>
        [0, 1, 2, L - 1, L, L + 1, BigInteger.Pow(2, 252) - 1, BigInteger.Pow(2, 252), BigInteger.Pow(2, 255) - 1, BigInteger.Pow(2, 256) - 1];

    private static byte[] Bytes(BigInteger value, int length)
    {
        byte[] bytes = new byte[length];
        value.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false).Should().BeTrue();
        return bytes;
    }

    private static BigInteger Value(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: false);

    /// <summary>Random bytes, every fourth input with 0xFF runs so that long carry chains occur.</summary>
    private static byte[] RandomBytes(Random rng, int length, int index)
    {
        byte[] bytes = new byte[length];
        rng.NextBytes(bytes);
        if (index % 4 == 0)
        {
            for (int i = 0; i < length; i++)
            {
                if (rng.Next(3) != 0)
                {
                    bytes[i] = 0xFF;
                }
            }
        }

        return bytes;
    }

    private static byte[] Reduce(byte[] wide)
    {
        byte[] scalar = new byte[32];
        Scalar25519.Reduce(wide, scalar);
        return scalar;
    }

    private static byte[] MulAdd(byte[] a, byte[] b, byte[] c)
    {
        byte[] scalar = new byte[32];
        Scalar25519.MulAdd(a, b, c, scalar);
        return scalar;
    }

    [TestCaseSource(nameof(WideEdges))]
    public void Reduce_matches_BigInteger_at_the_edge_value(BigInteger value)
    {
        Value(Reduce(Bytes(value, 64))).Should().Be(value % L);
    }

    [Test]
    public void Reduce_matches_BigInteger_for_thousands_of_random_wide_values()
    {
        var rng = new Random(20261203);
        for (int i = 0; i < RandomCases; i++)
        {
            byte[] wide = RandomBytes(rng, 64, i);
            Value(Reduce(wide)).Should().Be(Value(wide) % L, $"input {Convert.ToHexStringLower(wide)}");
        }
    }

    [Test]
    public void MulAdd_matches_BigInteger_on_every_combination_of_edge_values()
    {
        foreach (BigInteger a in NarrowEdges())
        {
            foreach (BigInteger b in NarrowEdges())
            {
                foreach (BigInteger c in NarrowEdges())
                {
                    Value(MulAdd(Bytes(a, 32), Bytes(b, 32), Bytes(c, 32))).Should().Be(((a * b) + c) % L, $"a={a} b={b} c={c}");
                }
            }
        }
    }

    [Test]
    public void MulAdd_matches_BigInteger_for_thousands_of_random_triples()
    {
        var rng = new Random(8032);
        for (int i = 0; i < RandomCases; i++)
        {
            byte[] a = RandomBytes(rng, 32, i), b = RandomBytes(rng, 32, i + 1), c = RandomBytes(rng, 32, i + 2);
            Value(MulAdd(a, b, c)).Should().Be(((Value(a) * Value(b)) + Value(c)) % L,
                $"a={Convert.ToHexStringLower(a)} b={Convert.ToHexStringLower(b)} c={Convert.ToHexStringLower(c)}");
        }
    }

    [Test]
    public void Outputs_are_canonical_so_bit_7_of_the_last_byte_is_free_for_the_sign_bit()
    {
        var rng = new Random(7);
        for (int i = 0; i < 500; i++)
        {
            Value(Reduce(RandomBytes(rng, 64, i))).Should().BeLessThan(L);
            Value(MulAdd(RandomBytes(rng, 32, i), RandomBytes(rng, 32, i), RandomBytes(rng, 32, i))).Should().BeLessThan(L);
        }
    }

    [Test]
    public void Wrong_lengths_are_rejected_with_an_argument_exception()
    {
        byte[] scalar = new byte[32];
        FluentActions.Invoking(() => Scalar25519.Reduce(new byte[63], scalar)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Scalar25519.Reduce(new byte[64], new byte[31])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Scalar25519.MulAdd(new byte[32], new byte[33], new byte[32], scalar)).Should().Throw<ArgumentException>();
    }
}
