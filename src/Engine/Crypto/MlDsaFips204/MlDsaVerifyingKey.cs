using System.Security.Cryptography;

namespace E2eeConformance.Engine.Crypto.MlDsaFips204;

/// <summary>
/// A public key decoded for verification once (FIPS 204 Alg. 8 <c>ML-DSA.Verify_internal</c>, lines 1, 5 and 6, and the
/// t1 half of line 9), so that every signature under it skips them: the matrix Â = ExpandA(ρ), NTT(t1·2^d) and
/// tr = H(pk, 64). Public data only: k KB of its own, and Â (k·ℓ KB) shared with the matrix cache keyed by ρ.
/// </summary>
internal sealed class MlDsaVerifyingKey
{
    private const int N = MlDsaParameterSet.N;

    private MlDsaVerifyingKey(MlDsaParameterSet set, int[] matrix, int[] t1Ntt, byte[] tr)
    {
        Set = set;
        Matrix = matrix;
        T1Ntt = t1Ntt;
        Tr = tr;
    }

    /// <summary>The parameter set the key is for.</summary>
    public MlDsaParameterSet Set { get; }

    /// <summary>Â, row-major, k·ℓ polynomials in the NTT domain.</summary>
    public int[] Matrix { get; }

    /// <summary>NTT(t1·2^d), k polynomials.</summary>
    public int[] T1Ntt { get; }

    /// <summary>tr = H(pk, 64).</summary>
    public byte[] Tr { get; }

    /// <summary>
    /// pkDecode (Alg. 23) and the per-key work of verification. Every bit string of the right length is a public key;
    /// <paramref name="publicKey"/> must be <see cref="MlDsaParameterSet.PublicKeyLength"/> bytes.
    /// </summary>
    public static MlDsaVerifyingKey Decode(MlDsaParameterSet set, ReadOnlySpan<byte> publicKey, Func<ReadOnlySpan<byte>, int[]> matrixOf)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(matrixOf);
        if (publicKey.Length != set.PublicKeyLength)
        {
            throw new ArgumentException($"an {set.Name} public key is {set.PublicKeyLength} bytes, not {publicKey.Length}", nameof(publicKey));
        }

        int[] matrix = matrixOf(publicKey[..32]);

        int[] t1 = new int[set.K * N];
        BitPacking.Unpack(publicKey[32..], 10, t1);
        for (int i = 0; i < set.K; i++)
        {
            Span<int> row = t1.AsSpan(i * N, N);
            for (int j = 0; j < N; j++)
            {
                row[j] <<= MlDsaParameterSet.D;
            }

            MlDsaNtt.Forward(row);
        }

        byte[] tr = new byte[64];
        Shake256.HashData(publicKey, tr);
        return new MlDsaVerifyingKey(set, matrix, t1, tr);
    }
}
