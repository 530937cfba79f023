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
        return IsWellFormed(set, encoding) ? Decode(set, encoding, SHA3_256.HashData(encoding)) : null;
    }

    /// <summary>
    /// Decodes an encapsulation key the caller has checked (<see cref="IsWellFormed"/>) and hashed: the ek inside a
    /// decapsulation key, whose H(ek) was compared with the hash stored beside it.
    /// </summary>
    public static MlKemEncapsulationKey Decode(MlKemParameterSet set, ReadOnlySpan<byte> encoding, byte[] hash)
    {
        short[] tHat = new short[set.K * N];
        BitPacking.Unpack(encoding[..(set.K * MlKemParameterSet.PolyBytes)], 12, tHat);

        short[] matrix = new short[set.K * set.K * N];
        MlKemSampling.ExpandMatrix(encoding[(set.K * MlKemParameterSet.PolyBytes)..], set.K, transposed: true, matrix);
        return new MlKemEncapsulationKey(set, tHat, matrix, hash);
    }

    /// <summary>
    /// The §7.2 check alone, without decoding anything else: the right length and every 12-bit value of t̂ below q
    /// (a server checks every published one-time pre-key with it; most are never encapsulated to).
    /// </summary>
    public static bool IsWellFormed(MlKemParameterSet set, ReadOnlySpan<byte> encoding)
    {
        if (encoding.Length != set.EncapsulationKeyLength)
        {
            return false;
        }

        ReadOnlySpan<byte> packed = encoding[..(set.K * MlKemParameterSet.PolyBytes)];
        for (int i = 0; i < packed.Length; i += 3)
        {
            int d1 = packed[i] | ((packed[i + 1] & 0x0F) << 8);
            int d2 = (packed[i + 1] >> 4) | (packed[i + 2] << 4);
            if (d1 >= MlKemParameterSet.Q || d2 >= MlKemParameterSet.Q)
            {
                return false;
            }
        }

        return true;
    }
}
