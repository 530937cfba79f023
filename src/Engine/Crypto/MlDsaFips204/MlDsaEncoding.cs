namespace E2eeConformance.Engine.Crypto.MlDsaFips204;

/// <summary>
/// The encodings verification reads and writes (FIPS 204 §7.1–7.3): the public key's t1 (Alg. 23 <c>pkDecode</c>, 10
/// bits a coefficient), the signature's z (Alg. 27 <c>sigDecode</c> with Alg. 19 <c>BitUnpack</c>, γ1 − value) and
/// hint h (Alg. 21 <c>HintBitUnpack</c>), and w1 for the commitment hash (Alg. 28 <c>w1Encode</c>). Bits are packed
/// little-endian (Alg. 16 <c>SimpleBitPack</c>).
/// </summary>
internal static class MlDsaEncoding
{
    private const int N = MlDsaParameterSet.N;

    /// <summary>One polynomial of z: BitUnpack(bytes, γ1 − 1, γ1) (Alg. 19), so every coefficient is in [−γ1 + 1, γ1].</summary>
    public static void UnpackZ(ReadOnlySpan<byte> source, MlDsaParameterSet set, Span<int> z)
    {
        BitPacking.Unpack(source, set.Gamma1Bits + 1, z[..N]);
        for (int j = 0; j < N; j++)
        {
            z[j] = set.Gamma1 - z[j];
        }
    }

    /// <summary>
    /// HintBitUnpack (Alg. 21) into <paramref name="hints"/> (k·n zeros and ones), or false (⊥) when the encoding is
    /// malformed: a row's end index below the previous one or above ω, indices within a row not strictly increasing, or
    /// a nonzero byte after the last index.
    /// </summary>
    public static bool UnpackHints(ReadOnlySpan<byte> y, MlDsaParameterSet set, Span<byte> hints)
    {
        hints.Clear();
        int index = 0;
        for (int i = 0; i < set.K; i++)
        {
            int end = y[set.Omega + i];
            if (end < index || end > set.Omega)
            {
                return false;
            }

            int first = index;
            while (index < end)
            {
                if (index > first && y[index - 1] >= y[index])
                {
                    return false;
                }

                hints[(i * N) + y[index]] = 1;
                index++;
            }
        }

        for (int i = index; i < set.Omega; i++)
        {
            if (y[i] != 0)
            {
                return false;
            }
        }

        return true;
    }
}
