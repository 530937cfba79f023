using System.Numerics;
using E2eeConformance.Engine.Crypto;
using R = E2eeConformance.Engine.Tests.Crypto.Ed25519Reference;

namespace E2eeConformance.Engine.Tests.Crypto;

/// <summary>
/// The scalar tools of the fast verifier against <see cref="BigInteger"/>: the half-size basis v0 ≡ k·v1 (mod ℓ) with its
/// bounds, and the width-w NAF (value, digit range, and at most one nonzero digit in any w consecutive ones).
/// </summary>
[TestFixture]
public sealed class VerificationScalarTests
{
    private static readonly BigInteger Two126 = BigInteger.Pow(2, 126);
    private static readonly BigInteger Two127 = BigInteger.Pow(2, 127);

    private static IEnumerable<BigInteger> Scalars(int seed, int count)
    {
        var rng = new Random(seed);
        BigInteger[] edges = [0, 1, 2, Two126 - 1, Two126, Two127, R.L - 1, R.L - 2, R.L / 2, BigInteger.Pow(2, 252), Two126 * Two126];
        foreach (BigInteger edge in edges)
        {
            yield return edge;
        }

        for (int i = 0; i < count; i++)
        {
            byte[] bytes = new byte[64];
            rng.NextBytes(bytes);
            yield return R.ModL(R.FromBytes(bytes));
        }
    }

    [Test]
    public void The_basis_halves_satisfy_v0_equals_k_times_v1_mod_the_order_within_their_bounds()
    {
        foreach (BigInteger k in Scalars(61, 3000))
        {
            bool negative = Scalar25519Basis.Reduce(R.ToBytes(k), out UInt128 v0, out UInt128 v1Magnitude);

            BigInteger v1 = negative ? -(BigInteger)v1Magnitude : v1Magnitude;
            ((BigInteger)v0).Should().BeLessThan(Two126, $"k = {k}");
            ((BigInteger)v1Magnitude).Should().BeInRange(1, Two127 - 1, $"k = {k}");
            R.ModL((BigInteger)v0 - (k * v1)).Should().Be(0, $"k = {k}");
        }
    }

    [TestCase(5)]
    [TestCase(7)]
    [TestCase(8)]
    public void The_width_w_NAF_sums_to_the_scalar_with_odd_bounded_sparse_digits(int width)
    {
        var rng = new Random(62 + width);
        var values = new List<UInt128> { 0, 1, 2, 3, UInt128.MaxValue, UInt128.MaxValue - 1, (UInt128)1 << 127, ((UInt128)1 << 127) - 1 };
        values.AddRange(Enumerable.Range(0, 3000).Select(_ => new UInt128((ulong)rng.NextInt64(), (ulong)rng.NextInt64())));
        Span<sbyte> digits = stackalloc sbyte[EdwardsWnaf.MaxDigits];
        foreach (UInt128 value in values)
        {
            int count = EdwardsWnaf.Recode(value, width, digits);

            BigInteger sum = 0;
            int lastNonzero = -width;
            for (int i = 0; i < digits.Length; i++)
            {
                int d = digits[i];
                sum += d * BigInteger.Pow(2, i);
                if (d != 0)
                {
                    (d % 2).Should().NotBe(0);
                    Math.Abs(d).Should().BeLessThan(1 << (width - 1));
                    (i - lastNonzero).Should().BeGreaterThanOrEqualTo(width, $"value {value}");
                    lastNonzero = i;
                }
            }

            sum.Should().Be((BigInteger)value);
            count.Should().Be(lastNonzero < 0 ? 0 : lastNonzero + 1);
        }
    }
}
