namespace E2eeConformance.Engine.Crypto.MlDsaFips204;

/// <summary>
/// The high/low split of FIPS 204 §7.4 for the two values of γ2: Alg. 36 <c>Decompose</c> and Alg. 40 <c>UseHint</c>,
/// computed as the reference code does (r1 from (r + 127) >> 7 by a multiply-shift, no division).
/// </summary>
internal static class MlDsaRounding
{
    private const int Q = MlDsaParameterSet.Q;

    /// <summary>(r1, r0) with r = r1·2γ2 + r0 mod q (Alg. 36) for r in [0, q).</summary>
    public static int Decompose(int r, int gamma2, out int r0)
    {
        int r1 = (r + 127) >> 7;
        if (gamma2 == (Q - 1) / 32)
        {
            r1 = ((r1 * 1025) + (1 << 21)) >> 22;
            r1 &= 15;
        }
        else
        {
            r1 = ((r1 * 11275) + (1 << 23)) >> 24;
            r1 ^= ((43 - r1) >> 31) & r1;
        }

        r0 = r - (r1 * 2 * gamma2);
        r0 -= (((Q - 1) / 2) - r0) >> 31 & Q;
        return r1;
    }

    /// <summary>UseHint(h, r) (Alg. 40) for r in [0, q): r1, or r1 ± 1 mod m when the hint is set (m = 16 or 44).</summary>
    public static int UseHint(byte hint, int r, int gamma2)
    {
        int r1 = Decompose(r, gamma2, out int r0);
        if (hint == 0)
        {
            return r1;
        }

        if (gamma2 == (Q - 1) / 32)
        {
            return (r0 > 0 ? r1 + 1 : r1 - 1) & 15;
        }

        return r0 > 0 ? (r1 == 43 ? 0 : r1 + 1) : (r1 == 0 ? 43 : r1 - 1);
    }
}
