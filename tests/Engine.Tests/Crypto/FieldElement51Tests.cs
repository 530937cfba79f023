using System.Numerics;
using E2eeConformance.Engine.Crypto;
using R = E2eeConformance.Engine.Tests.Crypto.Ed25519Reference;

namespace E2eeConformance.Engine.Tests.Crypto;

/// <summary>
/// GF(2^255 − 19) in radix 2^51 against <see cref="BigInteger"/>: every operation on random values, on edge values
/// (0, 1, p − 1, p, the non-canonical 2^255 − 19 … 2^255 − 1, bit 255 set) and on limbs at the top of the accepted
/// range (2^54 − 1), where a missed carry or an overflowing column would show.
/// </summary>
[TestFixture]
public sealed class FieldElement51Tests
{
    private const ulong MaxInputLimb = (1UL << 54) - 1;

    private static readonly BigInteger Two255 = BigInteger.Pow(2, 255);

    private static BigInteger Value(in FieldElement51 x) =>
        x.L0 + ((BigInteger)x.L1 << 51) + ((BigInteger)x.L2 << 102) + ((BigInteger)x.L3 << 153) + ((BigInteger)x.L4 << 204);

    private static BigInteger Canonical(in FieldElement51 x)
    {
        byte[] bytes = new byte[32];
        x.WriteBytes(bytes);
        return R.FromBytes(bytes);
    }

    private static FieldElement51 From(BigInteger value) => FieldElement51.FromBytes(R.ToBytes(value % BigInteger.Pow(2, 256)));

    private static void CheckLoose(in FieldElement51 x)
    {
        new[] { x.L0, x.L1, x.L2, x.L3, x.L4 }.Should().OnlyContain(limb => limb < (1UL << 52), "results have limbs below 2^52");
    }

    /// <summary>Random canonical values, edge values, and values with every limb at 2^54 − 1 or other large limbs.</summary>
    private static IEnumerable<FieldElement51> Operands(int seed, int count)
    {
        var rng = new Random(seed);
        foreach (BigInteger v in new[] { 0, 1, 2, 19, R.P - 1, R.P, R.P + 1, R.P + 18, Two255 - 1, R.P - 19, Two255 / 2 })
        {
            yield return From(v);
        }

        yield return new FieldElement51(MaxInputLimb, MaxInputLimb, MaxInputLimb, MaxInputLimb, MaxInputLimb);
        yield return new FieldElement51(MaxInputLimb, 0, MaxInputLimb, 0, MaxInputLimb);
        yield return new FieldElement51(0, 0, 0, 0, MaxInputLimb);
        for (int i = 0; i < count; i++)
        {
            if (i % 4 == 0)
            {
                ulong Limb() => (ulong)rng.NextInt64() & MaxInputLimb;
                yield return new FieldElement51(Limb(), Limb(), Limb(), Limb(), Limb());
            }
            else
            {
                byte[] bytes = new byte[32];
                rng.NextBytes(bytes);
                yield return FieldElement51.FromBytes(bytes);
            }
        }
    }

    [Test]
    public void Decoding_ignores_bit_255_and_encoding_is_canonical()
    {
        var rng = new Random(51);
        var values = new List<BigInteger> { 0, 1, R.P - 1, R.P, R.P + 1, Two255 - 1, Two255, Two255 + R.P, BigInteger.Pow(2, 256) - 1 };
        values.AddRange(Enumerable.Range(0, 2000).Select(_ => R.FromBytes(Enumerable.Range(0, 32).Select(_ => (byte)rng.Next(256)).ToArray())));
        foreach (BigInteger v in values)
        {
            FieldElement51 x = FieldElement51.FromBytes(R.ToBytes(v));

            Value(x).Should().Be(v % Two255, $"v = {v}");
            Canonical(x).Should().Be(v % Two255 % R.P, $"v = {v}");
            x.IsZero().Should().Be(v % Two255 % R.P == 0);
            x.IsNegative().Should().Be((int)(v % Two255 % R.P % 2));
        }
    }

    [Test]
    public void Arithmetic_matches_big_integers_mod_p()
    {
        List<FieldElement51> left = Operands(52, 1500).ToList();
        List<FieldElement51> right = Operands(53, 1500).Reverse().ToList();
        for (int i = 0; i < left.Count; i++)
        {
            FieldElement51 a = left[i], b = right[i];
            BigInteger x = Value(a), y = Value(b);
            string label = $"a = {x}, b = {y}";

            FieldElement51 product = a * b, sum = a + b, difference = a - b, negation = -a, square = a.Square();

            Canonical(product).Should().Be(R.Mod(x * y), label);
            Canonical(sum).Should().Be(R.Mod(x + y), label);
            Canonical(difference).Should().Be(R.Mod(x - y), label);
            Canonical(negation).Should().Be(R.Mod(-x), label);
            Canonical(square).Should().Be(R.Mod(x * x), label);
            Canonical(a.SquareTimes(3)).Should().Be(BigInteger.ModPow(R.Mod(x), 8, R.P), label);
            Canonical(a.MultiplySmall(121665)).Should().Be(R.Mod(x * 121665), label);
            Canonical(a.MultiplySmall((1 << 17) - 1)).Should().Be(R.Mod(x * ((1 << 17) - 1)), label);
            CheckLoose(a.MultiplySmall((1 << 17) - 1));
            foreach (FieldElement51 result in new[] { product, sum, difference, negation, square })
            {
                CheckLoose(result);
            }

            Canonical(FieldElement51.Select(a, b, 0)).Should().Be(R.Mod(x));
            Canonical(FieldElement51.Select(a, b, ulong.MaxValue)).Should().Be(R.Mod(y));
            a.EqualsVar(From(R.Mod(x))).Should().BeTrue(label);
            a.EqualsVar(From(R.Mod(x + 1))).Should().BeFalse(label);
        }
    }

    [Test]
    public void Inversion_and_the_exponentiation_chain_match_big_integers()
    {
        foreach (FieldElement51 a in Operands(54, 300))
        {
            BigInteger x = R.Mod(Value(a));
            BigInteger inverse = x == 0 ? 0 : BigInteger.ModPow(x, R.P - 2, R.P);

            Canonical(FieldElement51Powers.Invert(a)).Should().Be(inverse, $"x = {x}");
            Canonical(FieldElement51Powers.InvertVar(a)).Should().Be(inverse, $"x = {x}");
            Canonical(FieldElement51Powers.Pow22523(a)).Should().Be(BigInteger.ModPow(x, (R.P - 5) / 8, R.P), $"x = {x}");
        }
    }

    [Test]
    public void Square_root_of_a_ratio_finds_a_root_exactly_when_there_is_one()
    {
        Canonical(FieldElement51Powers.SqrtMinusOne).Should().Be(R.SqrtMinusOne);
        var rng = new Random(55);
        int squares = 0;
        for (int i = 0; i < 600; i++)
        {
            BigInteger u = i == 0 ? 0 : R.Mod(R.FromBytes(Enumerable.Range(0, 32).Select(_ => (byte)rng.Next(256)).ToArray()));
            BigInteger v = 1 + R.Mod(R.FromBytes(Enumerable.Range(0, 32).Select(_ => (byte)rng.Next(256)).ToArray())) % (R.P - 1);
            BigInteger ratio = R.Mod(u * R.Inverse(v));
            bool isSquare = ratio == 0 || BigInteger.ModPow(ratio, (R.P - 1) / 2, R.P) == 1;

            bool found = FieldElement51Powers.SqrtRatioVar(From(u), From(v), out FieldElement51 root);

            found.Should().Be(isSquare, $"u = {u}, v = {v}");
            if (found)
            {
                squares++;
                R.Mod(Canonical(root) * Canonical(root)).Should().Be(ratio, $"u = {u}, v = {v}");
            }
        }

        squares.Should().BeInRange(200, 400, "about half of the ratios are squares");
    }
}
