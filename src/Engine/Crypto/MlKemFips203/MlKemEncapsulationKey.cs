using System.Security.Cryptography;

namespace E2eeConformance.Engine.Crypto.MlKemFips203;

/// <summary>
/// An encapsulation key decoded and checked once (FIPS 203 §7.2 modulus check), with what every encryption under it
/// needs: t̂ = ByteDecode12(ek[0:384k]), ρ, Âᵀ (K-PKE.Encrypt, Alg. 14 lines 2–8) and H(ek) (ML-KEM.Encaps_internal,
/// Alg. 17 line 1). Public data only: about k²·512 + k·512 bytes (10 KB for ML-KEM-1024).
/// </summary>
internal sealed class MlKemEncapsulationKey
{
    private const int N = MlKemParameterSet.N;

    private MlKemEncapsulationKey(MlKemParameterSet set, short[] tHat, short[] transposedMatrix, byte[] hash)
    {
        Set = set;
        THat = tHat;
        TransposedMatrix = transposedMatrix;
        Hash = hash;
    }

    /// <summary>The parameter set.</summary>
    public MlKemParameterSet Set { get; }

    /// <summary>t̂, k polynomials in [0, q).</summary>
    public short[] THat { get; }

    /// <summary>Âᵀ, row-major, k·k polynomials.</summary>
    public short[] TransposedMatrix { get; }

    /// <summary>H(ek) = SHA3-256(ek).</summary>
    public byte[] Hash { get; }

    /// <summary>
    /// Decodes <paramref name="encoding"/>, or null when it fails the §7.2 check: the wrong length, or a 12-bit value of
    /// t̂ that is not below q (ByteEncode12(ByteDecode12(ek)) ≠ ek).
    /// </summary>
    public static MlKemEncapsulationKey? TryDecode(MlKemParameterSet set, ReadOnlySpan<byte> encoding)
    {
        if (encoding.Length != set.EncapsulationKeyLength)
        {
            return null;
        }

        short[] tHat = new short[set.K * N];
        MlKemEncoding.Decode(encoding[..(set.K * MlKemParameterSet.PolyBytes)], 12, tHat);
        foreach (short value in tHat)
        {
            if (value >= MlKemParameterSet.Q)
            {
                return null;
            }
        }

        short[] matrix = new short[set.K * set.K * N];
        MlKemSampling.ExpandMatrix(encoding[(set.K * MlKemParameterSet.PolyBytes)..], set.K, transposed: true, matrix);
        return new MlKemEncapsulationKey(set, tHat, matrix, SHA3_256.HashData(encoding));
    }
}
