namespace E2eeConformance.Engine.Crypto.MlDsaFips204;

/// <summary>
/// Arithmetic in R_q = Z_q[X]/(X²⁵⁶ + 1) for ML-DSA (FIPS 204 §7.5–7.6): the number-theoretic transform (Alg. 41
/// <c>NTT</c>), its inverse (Alg. 42 <c>NTT⁻¹</c>) and products in the NTT domain (Alg. 45 <c>MultiplyNTT</c>), with
/// Montgomery reduction (Alg. 49 <c>MontgomeryReduce</c>, R = 2³²) on 32-bit coefficients as the FIPS 204 reference code
/// does. The twiddle factors are ζ^brv8(i)·R mod q for ζ = 1753 (Appendix B), centred, computed once.
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

    /// <summary>The forward transform in place (Alg. 41), coefficients in the bit-reversed NTT order; no reduction of the output.</summary>
    public static void Forward(Span<int> a)
    {
        int k = 0;
        for (int length = 128; length > 0; length >>= 1)
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

    /// <summary>
    /// The inverse transform in place (Alg. 42) followed by multiplication by 2³² (the reference's
    /// <c>invntt_tomont</c>): the input is a Montgomery product, the output in normal form, |coefficient| &lt; q.
    /// </summary>
    public static void InverseToMontgomery(Span<int> a)
    {
        int k = N;
        for (int length = 1; length < N; length <<= 1)
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

        for (int j = 0; j < N; j++)
        {
            a[j] = MontgomeryReduce((long)InverseScale * a[j]);
        }
    }

    /// <summary>accumulator += a ∘ b·2⁻³² coefficient-wise in the NTT domain (Alg. 45 with Montgomery products).</summary>
    public static void MultiplyAccumulate(ReadOnlySpan<int> a, ReadOnlySpan<int> b, Span<int> accumulator)
    {
        for (int j = 0; j < N; j++)
        {
            accumulator[j] += MontgomeryReduce((long)a[j] * b[j]);
        }
    }
}
