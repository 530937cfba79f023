using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace E2eeConformance.Engine.Crypto.MlKemFips203;

/// <summary>
/// Arithmetic in R_q = Z_3329[X]/(X²⁵⁶ + 1) for ML-KEM (FIPS 203 §4.3): the 7-layer number-theoretic transform (Alg. 9
/// <c>NTT</c>), its inverse (Alg. 10 <c>NTT⁻¹</c>) and products of the degree-one residues (Alg. 11
/// <c>MultiplyNTTs</c>, Alg. 12 <c>BaseCaseMultiply</c>), on 16-bit coefficients with Montgomery (R = 2¹⁶) and Barrett
/// reduction as the reference code computes them. Twiddles are 17^brv7(i)·R mod q, centred, computed once.
/// <para>
/// With AVX2 the transforms' wide layers (16 or more coefficients apart), the products and the reductions run on 16
/// lanes at a time with exactly the scalar code's 16-bit results (Montgomery as high(a·b) − high(low(low(a·b)·q⁻¹)·q),
/// Barrett as ((high(a·v) + 2⁹) >> 10)); the narrow layers stay scalar. All arithmetic is <c>unchecked</c>: the
/// reference code's bounds keep every value in 16 bits.
/// </para>
/// </summary>
internal static class MlKemNtt
{
    private const int Q = MlKemParameterSet.Q;
    private const int N = MlKemParameterSet.N;

    /// <summary>q⁻¹ mod 2¹⁶ as a signed 16-bit value.</summary>
    private const int QInverse = -3327;

    /// <summary>R²/128 mod q: undoes the inverse transform's Montgomery factor and divides by 128.</summary>
    private const int InverseScale = 1441;

    /// <summary>R² mod q, which <see cref="ToMontgomery"/> multiplies by.</summary>
    private const int MontgomerySquare = 1353;

    /// <summary>17^brv7(i)·2¹⁶ mod q, centred.</summary>
    internal static readonly short[] Zetas = BuildZetas();

    private static short[] BuildZetas()
    {
        const int montgomery = (1 << 16) % Q;
        var zetas = new short[128];
        for (int i = 0; i < 128; i++)
        {
            int exponent = 0;
            for (int bit = 0; bit < 7; bit++)
            {
                exponent |= ((i >> bit) & 1) << (6 - bit);
            }

            long power = 1;
            for (int e = 0; e < exponent; e++)
            {
                power = power * 17 % Q;
            }

            long value = power * montgomery % Q;
            zetas[i] = (short)(value > Q / 2 ? value - Q : value);
        }

        return zetas;
    }

    /// <summary>a·2⁻¹⁶ mod q in (−q, q) for |a| &lt; 2¹⁵·q.</summary>
    public static short MontgomeryReduce(int a)
    {
        unchecked
        {
            short t = (short)(a * QInverse);
            return (short)((a - (t * Q)) >> 16);
        }
    }

    /// <summary>The centred representative of a mod q (Barrett), for a within 16 bits.</summary>
    public static short BarrettReduce(int a)
    {
        unchecked
        {
            const int v = ((1 << 26) + (Q / 2)) / Q;
            int t = ((v * a) + (1 << 25)) >> 26;
            return (short)(a - (t * Q));
        }
    }

    /// <summary>a·b·2⁻¹⁶ mod q.</summary>
    public static short MultiplyMontgomery(short a, short b) => MontgomeryReduce(a * b);

    /// <summary>Whether the 16-lane paths run (AVX2).</summary>
    internal static bool Vectorized => Avx2.IsSupported;

    /// <summary>The forward transform in place followed by Barrett reduction (the reference's <c>poly_ntt</c>).</summary>
    public static void Forward(Span<short> r)
    {
        if (Vectorized)
        {
            ForwardVector(r);
        }
        else
        {
            ForwardScalar(r);
        }
    }

    /// <summary><see cref="Forward"/> one coefficient at a time.</summary>
    internal static void ForwardScalar(Span<short> r)
    {
        ForwardLayers(r, 128, 1);
        ReduceScalar(r);
    }

    /// <summary><see cref="Forward"/> with the four wide layers on 16 lanes.</summary>
    internal static void ForwardVector(Span<short> r)
    {
        unchecked
        {
            ref short r0 = ref r[0];
            _ = r[N - 1];
            int k = 1;
            for (int length = 128; length >= 16; length >>= 1)
            {
                for (int start = 0; start < N; start += 2 * length)
                {
                    Vector256<short> zeta = Vector256.Create(Zetas[k++]);
                    for (int j = start; j < start + length; j += 16)
                    {
                        Vector256<short> a = Vector256.LoadUnsafe(ref r0, (nuint)j);
                        Vector256<short> t = MultiplyMontgomery(zeta, Vector256.LoadUnsafe(ref r0, (nuint)(j + length)));
                        Avx2.Subtract(a, t).StoreUnsafe(ref r0, (nuint)(j + length));
                        Avx2.Add(a, t).StoreUnsafe(ref r0, (nuint)j);
                    }
                }
            }

            ForwardLayers(r, 8, k);
            ReduceVector(r);
        }
    }

    /// <summary>The forward layers from <paramref name="firstLength"/> down to 2, twiddles from index <paramref name="k"/>.</summary>
    private static void ForwardLayers(Span<short> r, int firstLength, int k)
    {
        unchecked
        {
            for (int length = firstLength; length >= 2; length >>= 1)
            {
                for (int start = 0; start < N; start += 2 * length)
                {
                    short zeta = Zetas[k++];
                    for (int j = start; j < start + length; j++)
                    {
                        short t = MultiplyMontgomery(zeta, r[j + length]);
                        r[j + length] = (short)(r[j] - t);
                        r[j] = (short)(r[j] + t);
                    }
                }
            }
        }
    }

    /// <summary>The inverse transform in place, times 2¹⁶ (the reference's <c>invntt_tomont</c>).</summary>
    public static void InverseToMontgomery(Span<short> r)
    {
        if (Vectorized)
        {
            InverseVector(r);
        }
        else
        {
            InverseScalar(r);
        }
    }

    /// <summary><see cref="InverseToMontgomery"/> one coefficient at a time.</summary>
    internal static void InverseScalar(Span<short> r)
    {
        int k = InverseNarrowLayers(r);
        InverseWideLayersScalar(r, k);
        for (int j = 0; j < N; j++)
        {
            r[j] = MultiplyMontgomery(r[j], InverseScale);
        }
    }

    /// <summary><see cref="InverseToMontgomery"/> with the four wide layers and the final scaling on 16 lanes.</summary>
    internal static void InverseVector(Span<short> r)
    {
        unchecked
        {
            int k = InverseNarrowLayers(r);
            ref short r0 = ref r[0];
            _ = r[N - 1];
            for (int length = 16; length <= 128; length <<= 1)
            {
                for (int start = 0; start < N; start += 2 * length)
                {
                    Vector256<short> zeta = Vector256.Create(Zetas[k--]);
                    for (int j = start; j < start + length; j += 16)
                    {
                        Vector256<short> t = Vector256.LoadUnsafe(ref r0, (nuint)j);
                        Vector256<short> u = Vector256.LoadUnsafe(ref r0, (nuint)(j + length));
                        BarrettReduce(Avx2.Add(t, u)).StoreUnsafe(ref r0, (nuint)j);
                        MultiplyMontgomery(zeta, Avx2.Subtract(u, t)).StoreUnsafe(ref r0, (nuint)(j + length));
                    }
                }
            }

            Vector256<short> scale = Vector256.Create((short)InverseScale);
            for (int j = 0; j < N; j += 16)
            {
                MultiplyMontgomery(Vector256.LoadUnsafe(ref r0, (nuint)j), scale).StoreUnsafe(ref r0, (nuint)j);
            }
        }
    }

    /// <summary>The inverse layers 2, 4 and 8; returns the next twiddle index.</summary>
    private static int InverseNarrowLayers(Span<short> r) => InverseLayersScalar(r, 2, 8, 127);

    /// <summary>The inverse layers 16 to 128 one coefficient at a time, twiddles from index <paramref name="k"/> down.</summary>
    private static void InverseWideLayersScalar(Span<short> r, int k) => InverseLayersScalar(r, 16, 128, k);

    /// <summary>The inverse layers <paramref name="firstLength"/> to <paramref name="lastLength"/>; returns the next twiddle index.</summary>
    private static int InverseLayersScalar(Span<short> r, int firstLength, int lastLength, int k)
    {
        unchecked
        {
            for (int length = firstLength; length <= lastLength; length <<= 1)
            {
                for (int start = 0; start < N; start += 2 * length)
                {
                    short zeta = Zetas[k--];
                    for (int j = start; j < start + length; j++)
                    {
                        short t = r[j];
                        r[j] = BarrettReduce(t + r[j + length]);
                        r[j + length] = MultiplyMontgomery(zeta, (short)(r[j + length] - t));
                    }
                }
            }

            return k;
        }
    }

    /// <summary>Every coefficient Barrett-reduced.</summary>
    public static void Reduce(Span<short> r)
    {
        if (Vectorized && r.Length % 16 == 0)
        {
            ReduceVector(r);
        }
        else
        {
            ReduceScalar(r);
        }
    }

    private static void ReduceScalar(Span<short> r)
    {
        for (int j = 0; j < r.Length; j++)
        {
            r[j] = BarrettReduce(r[j]);
        }
    }

    private static void ReduceVector(Span<short> r)
    {
        ref short r0 = ref r[0];
        for (int j = 0; j + 16 <= r.Length; j += 16)
        {
            BarrettReduce(Vector256.LoadUnsafe(ref r0, (nuint)j)).StoreUnsafe(ref r0, (nuint)j);
        }
    }

    /// <summary>Every coefficient multiplied by 2¹⁶ mod q (the reference's <c>poly_tomont</c>).</summary>
    public static void ToMontgomery(Span<short> r)
    {
        for (int j = 0; j < r.Length; j++)
        {
            r[j] = MontgomeryReduce(r[j] * MontgomerySquare);
        }
    }

    /// <summary>
    /// accumulator += a ∘ b·2⁻¹⁶ in the NTT domain: for each of the 64 blocks of four coefficients, two degree-one
    /// products modulo X² − ζ and X² + ζ (Alg. 12).
    /// </summary>
    public static void MultiplyAccumulate(ReadOnlySpan<short> a, ReadOnlySpan<short> b, Span<short> accumulator)
    {
        if (Vectorized)
        {
            MultiplyAccumulateVector(a, b, accumulator);
        }
        else
        {
            MultiplyAccumulateScalar(a, b, accumulator);
        }
    }

    /// <summary><see cref="MultiplyAccumulate"/> one block at a time.</summary>
    internal static void MultiplyAccumulateScalar(ReadOnlySpan<short> a, ReadOnlySpan<short> b, Span<short> accumulator)
    {
        for (int i = 0; i < N / 4; i++)
        {
            short zeta = Zetas[64 + i];
            int o = 4 * i;
            BaseCase(a, b, accumulator, o, zeta);
            BaseCase(a, b, accumulator, o + 2, (short)-zeta);
        }
    }

    /// <summary>
    /// <see cref="MultiplyAccumulate"/> on 16 lanes (8 pairs): P = a·b and S = a·swap(b) lane-wise, then
    /// r0 = P_even + (P_odd·ζ) and r1 = S_even + S_odd, moved into place by swapping neighbours.
    /// </summary>
    internal static void MultiplyAccumulateVector(ReadOnlySpan<short> a, ReadOnlySpan<short> b, Span<short> accumulator)
    {
        unchecked
        {
            _ = a[N - 1];
            _ = b[N - 1];
            _ = accumulator[N - 1];
            ref short a0 = ref Unsafe.AsRef(in a[0]);
            ref short b0 = ref Unsafe.AsRef(in b[0]);
            ref short acc0 = ref accumulator[0];
            ref short z0 = ref PairZetas[0];
            for (int j = 0; j < N; j += 16)
            {
                Vector256<short> av = Vector256.LoadUnsafe(ref a0, (nuint)j);
                Vector256<short> bv = Vector256.LoadUnsafe(ref b0, (nuint)j);
                Vector256<short> p = MultiplyMontgomery(av, bv);
                Vector256<short> s = MultiplyMontgomery(av, SwapNeighbours(bv));
                Vector256<short> pz = MultiplyMontgomery(p, Vector256.LoadUnsafe(ref z0, (nuint)j));
                Vector256<short> even = Avx2.Add(p, SwapNeighbours(pz));
                Vector256<short> odd = Avx2.Add(s, SwapNeighbours(s));
                Vector256<short> product = Avx2.Blend(even, odd, 0b1010_1010);
                Avx2.Add(Vector256.LoadUnsafe(ref acc0, (nuint)j), product).StoreUnsafe(ref acc0, (nuint)j);
            }
        }
    }

    private static void BaseCase(ReadOnlySpan<short> a, ReadOnlySpan<short> b, Span<short> accumulator, int o, short zeta)
    {
        unchecked
        {
            short r0 = MultiplyMontgomery(MultiplyMontgomery(a[o + 1], b[o + 1]), zeta);
            r0 = (short)(r0 + MultiplyMontgomery(a[o], b[o]));
            short r1 = (short)(MultiplyMontgomery(a[o], b[o + 1]) + MultiplyMontgomery(a[o + 1], b[o]));
            accumulator[o] = (short)(accumulator[o] + r0);
            accumulator[o + 1] = (short)(accumulator[o + 1] + r1);
        }
    }

    /// <summary>The twiddle of each odd coefficient's pair (+ζ for the first pair of a block, −ζ for the second), 0 at even ones.</summary>
    private static readonly short[] PairZetas = BuildPairZetas();

    private static short[] BuildPairZetas()
    {
        var table = new short[N];
        for (int i = 0; i < N / 4; i++)
        {
            table[(4 * i) + 1] = Zetas[64 + i];
            table[(4 * i) + 3] = (short)-Zetas[64 + i];
        }

        return table;
    }

    private static readonly Vector256<byte> SwapMask = Vector256.Create((byte)2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);

    private static Vector256<short> SwapNeighbours(Vector256<short> v) => Avx2.Shuffle(v.AsByte(), SwapMask).AsInt16();

    /// <summary>Lane-wise <see cref="MultiplyMontgomery(short, short)"/>.</summary>
    private static Vector256<short> MultiplyMontgomery(Vector256<short> a, Vector256<short> b)
    {
        Vector256<short> low = Avx2.MultiplyLow(a, b);
        Vector256<short> high = Avx2.MultiplyHigh(a, b);
        Vector256<short> t = Avx2.MultiplyHigh(Avx2.MultiplyLow(low, Vector256.Create((short)QInverse)), Vector256.Create((short)Q));
        return Avx2.Subtract(high, t);
    }

    /// <summary>Lane-wise <see cref="BarrettReduce(int)"/>.</summary>
    private static Vector256<short> BarrettReduce(Vector256<short> a)
    {
        const short v = ((1 << 26) + (Q / 2)) / Q;
        Vector256<short> t = Avx2.ShiftRightArithmetic(Avx2.Add(Avx2.MultiplyHigh(a, Vector256.Create(v)), Vector256.Create((short)512)), 10);
        return Avx2.Subtract(a, Avx2.MultiplyLow(t, Vector256.Create((short)Q)));
    }
}
