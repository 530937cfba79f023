using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace E2eeConformance.Engine.Crypto.MlDsaFips204;

/// <summary>
/// Arithmetic in R_q = Z_q[X]/(X²⁵⁶ + 1) for ML-DSA (FIPS 204 §7.5–7.6): the number-theoretic transform (Alg. 41
/// <c>NTT</c>), its inverse (Alg. 42 <c>NTT⁻¹</c>) and products in the NTT domain (Alg. 45 <c>MultiplyNTT</c>), with
/// Montgomery reduction (Alg. 49 <c>MontgomeryReduce</c>, R = 2³²) on 32-bit coefficients as the FIPS 204 reference code
/// does. The twiddle factors are ζ^brv8(i)·R mod q for ζ = 1753 (Appendix B), centred, computed once.
/// <para>
/// With AVX2 the layers 8 or more coefficients apart and the products run on 8 lanes, with exactly the scalar code's
/// results (the 64-bit products of even and odd lanes reduced separately); the narrow layers stay scalar.
/// </para>
/// </summary>
internal static class MlDsaNtt
{
    private const int Q = MlDsaParameterSet.Q;
    private const int N = MlDsaParameterSet.N;

    /// <summary>q⁻¹ mod 2³².</summary>
    private const int QInverse = 58728449;

    /// <summary>R²/256 mod q, the factor that undoes the Montgomery factor of the inverse transform and divides by n.</summary>
    private const int InverseScale = 41978;

    /// <summary>ζ^brv8(i)·2³² mod q, centred in (−q/2, q/2]; index 0 is not used.</summary>
    internal static readonly int[] Zetas = BuildZetas();

    private static int[] BuildZetas()
    {
        const long zeta = 1753;
        const long montgomery = (1L << 32) % Q;
        var zetas = new int[N];
        for (int i = 0; i < N; i++)
        {
            int exponent = ReverseBits8(i);
            long power = 1;
            for (int e = 0; e < exponent; e++)
            {
                power = power * zeta % Q;
            }

            long value = power * montgomery % Q;
            zetas[i] = (int)(value > Q / 2 ? value - Q : value);
        }

        return zetas;
    }

    private static int ReverseBits8(int value)
    {
        int reversed = 0;
        for (int bit = 0; bit < 8; bit++)
        {
            reversed |= ((value >> bit) & 1) << (7 - bit);
        }

        return reversed;
    }

    /// <summary>a·2⁻³² mod q for |a| &lt; 2³¹·q, in (−q, q) (Alg. 49).</summary>
    public static int MontgomeryReduce(long a)
    {
        int t = unchecked((int)a * QInverse);
        return (int)((a - ((long)t * Q)) >> 32);
    }

    /// <summary>A representative of a mod q in [−6283009, 6283007] for a ≤ 2³¹ − 2²² − 1 (the reference's <c>reduce32</c>).</summary>
    public static int Reduce32(int a)
    {
        int t = unchecked(a + (1 << 22)) >> 23;
        return a - (t * Q);
    }

    /// <summary>a + q when a is negative (the reference's <c>caddq</c>).</summary>
    public static int AddQIfNegative(int a) => a + ((a >> 31) & Q);

    /// <summary>Set by tests to run the scalar paths on a machine with AVX2 (as <see cref="AesGcm16"/>'s fallback switch).</summary>
    internal static bool ForceScalar { get; set; }

    /// <summary>Whether the 8-lane paths run (AVX2, not <see cref="ForceScalar"/>).</summary>
    internal static bool Vectorized => Avx2.IsSupported && !ForceScalar;

    /// <summary>The forward transform in place (Alg. 41), coefficients in the bit-reversed NTT order; no reduction of the output.</summary>
    public static void Forward(Span<int> a)
    {
        _ = a[N - 1];
        int k = 0;
        int length = 128;
        if (Vectorized)
        {
            ref int a0 = ref a[0];
            for (; length >= 8; length >>= 1)
            {
                for (int start = 0; start < N; start += 2 * length)
                {
                    Vector256<int> zeta = Vector256.Create(Zetas[++k]);
                    for (int j = start; j < start + length; j += 8)
                    {
                        Vector256<int> x = Vector256.LoadUnsafe(ref a0, (nuint)j);
                        Vector256<int> t = MultiplyMontgomery(zeta, Vector256.LoadUnsafe(ref a0, (nuint)(j + length)));
                        Avx2.Subtract(x, t).StoreUnsafe(ref a0, (nuint)(j + length));
                        Avx2.Add(x, t).StoreUnsafe(ref a0, (nuint)j);
                    }
                }
            }
        }

        unchecked
        {
            for (; length > 0; length >>= 1)
            {
                for (int start = 0; start < N; start += 2 * length)
                {
                    long zeta = Zetas[++k];
                    for (int j = start; j < start + length; j++)
                    {
                        int t = MontgomeryReduce(zeta * a[j + length]);
                        a[j + length] = a[j] - t;
                        a[j] += t;
                    }
                }
            }
        }
    }

    /// <summary>
    /// The inverse transform in place (Alg. 42) followed by multiplication by 2³² (the reference's
    /// <c>invntt_tomont</c>): the input is a Montgomery product, the output in normal form, |coefficient| &lt; q.
    /// </summary>
    public static void InverseToMontgomery(Span<int> a)
    {
        _ = a[N - 1];
        bool vectorized = Vectorized;
        int k = N;
        int length = 1;
        unchecked
        {
            for (; length < (vectorized ? 8 : N); length <<= 1)
            {
                for (int start = 0; start < N; start += 2 * length)
                {
                    long zeta = -Zetas[--k];
                    for (int j = start; j < start + length; j++)
                    {
                        int t = a[j];
                        a[j] = t + a[j + length];
                        a[j + length] = MontgomeryReduce(zeta * (t - a[j + length]));
                    }
                }
            }
        }

        if (vectorized)
        {
            ref int a0 = ref a[0];
            for (; length < N; length <<= 1)
            {
                for (int start = 0; start < N; start += 2 * length)
                {
                    Vector256<int> zeta = Vector256.Create(-Zetas[--k]);
                    for (int j = start; j < start + length; j += 8)
                    {
                        Vector256<int> t = Vector256.LoadUnsafe(ref a0, (nuint)j);
                        Vector256<int> u = Vector256.LoadUnsafe(ref a0, (nuint)(j + length));
                        Avx2.Add(t, u).StoreUnsafe(ref a0, (nuint)j);
                        MultiplyMontgomery(zeta, Avx2.Subtract(t, u)).StoreUnsafe(ref a0, (nuint)(j + length));
                    }
                }
            }

            Vector256<int> scale = Vector256.Create(InverseScale);
            for (int j = 0; j < N; j += 8)
            {
                MultiplyMontgomery(Vector256.LoadUnsafe(ref a0, (nuint)j), scale).StoreUnsafe(ref a0, (nuint)j);
            }

            return;
        }

        for (int j = 0; j < N; j++)
        {
            a[j] = MontgomeryReduce((long)InverseScale * a[j]);
        }
    }

    /// <summary>
    /// Lane-wise <see cref="MontgomeryReduce"/>(a·b): the even lanes' and the odd lanes' 64-bit products reduced apart
    /// (t = low32(p)·q⁻¹, (p − t·q) >> 32), then interleaved again.
    /// </summary>
    private static Vector256<int> MultiplyMontgomery(Vector256<int> a, Vector256<int> b)
    {
        Vector256<int> qInverse = Vector256.Create(QInverse);
        Vector256<int> q = Vector256.Create(Q);
        Vector256<long> even = Avx2.Multiply(a, b);
        Vector256<long> odd = Avx2.Multiply(Avx2.ShiftRightLogical(a.AsInt64(), 32).AsInt32(), Avx2.ShiftRightLogical(b.AsInt64(), 32).AsInt32());
        Vector256<long> evenT = Avx2.Multiply(Avx2.MultiplyLow(even.AsInt32(), qInverse), q);
        Vector256<long> oddT = Avx2.Multiply(Avx2.MultiplyLow(odd.AsInt32(), qInverse), q);
        Vector256<int> evenHigh = Avx2.ShiftRightLogical(Avx2.Subtract(even, evenT), 32).AsInt32();
        Vector256<int> oddHigh = Avx2.Subtract(odd, oddT).AsInt32();
        return Avx2.Blend(evenHigh, oddHigh, 0b1010_1010);
    }

    /// <summary>accumulator += a ∘ b·2⁻³² coefficient-wise in the NTT domain (Alg. 45 with Montgomery products).</summary>
    public static void MultiplyAccumulate(ReadOnlySpan<int> a, ReadOnlySpan<int> b, Span<int> accumulator)
    {
        _ = a[N - 1];
        _ = b[N - 1];
        _ = accumulator[N - 1];
        if (Vectorized)
        {
            ref int a0 = ref Unsafe.AsRef(in a[0]);
            ref int b0 = ref Unsafe.AsRef(in b[0]);
            ref int c0 = ref accumulator[0];
            for (int j = 0; j < N; j += 8)
            {
                Vector256<int> product = MultiplyMontgomery(Vector256.LoadUnsafe(ref a0, (nuint)j), Vector256.LoadUnsafe(ref b0, (nuint)j));
                Avx2.Add(Vector256.LoadUnsafe(ref c0, (nuint)j), product).StoreUnsafe(ref c0, (nuint)j);
            }

            return;
        }

        unchecked
        {
            for (int j = 0; j < N; j++)
            {
                accumulator[j] += MontgomeryReduce((long)a[j] * b[j]);
            }
        }
    }
}
