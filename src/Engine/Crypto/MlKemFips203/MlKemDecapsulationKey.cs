using System.Security.Cryptography;

namespace E2eeConformance.Engine.Crypto.MlKemFips203;

/// <summary>
/// A decapsulation key dk = dk_PKE ‖ ek ‖ H(ek) ‖ z decoded and checked once (FIPS 203 §7.3: H(ek) as stored, and ek
/// well formed), with ŝ = ByteDecode12(dk_PKE). The encapsulation key inside it is kept as bytes: its decoded form
/// (with the matrix, for the re-encryption of ML-KEM.Decaps_internal, Alg. 18) is public and comes from the bounded
/// cache of encapsulation keys, so a key pair keeps about 4 KB here, not 12. Holds secrets (ŝ, z): kept only by its key
/// pair (<see cref="DecodedPrivateKey"/>) and never printed.
/// </summary>
internal sealed class MlKemDecapsulationKey
{
    private readonly short[] _sHat;
    private readonly byte[] _z;

    private MlKemDecapsulationKey(MlKemParameterSet set, byte[] encapsulationKey, byte[] encapsulationKeyHash, short[] sHat, byte[] z)
    {
        Set = set;
        EncapsulationKey = encapsulationKey;
        EncapsulationKeyHash = encapsulationKeyHash;
        _sHat = sHat;
        _z = z;
    }

    /// <summary>The parameter set.</summary>
    public MlKemParameterSet Set { get; }

    /// <summary>The encapsulation key ek inside dk (public).</summary>
    public byte[] EncapsulationKey { get; }

    /// <summary>H(ek), as stored in dk and checked.</summary>
    public byte[] EncapsulationKeyHash { get; }

    /// <summary>ŝ, k polynomials (12-bit values).</summary>
    public ReadOnlySpan<short> SHat => _sHat;

    /// <summary>z, the implicit-rejection secret.</summary>
    public ReadOnlySpan<byte> Z => _z;

    /// <summary>
    /// Decodes <paramref name="encoding"/> (of the right length), or null when the hash it holds is not H(ek) or the
    /// ek inside fails the §7.2 check.
    /// </summary>
    public static MlKemDecapsulationKey? TryDecode(MlKemParameterSet set, ReadOnlySpan<byte> encoding)
    {
        if (encoding.Length != set.DecapsulationKeyLength)
        {
            return null;
        }

        int pkeLength = set.K * MlKemParameterSet.PolyBytes;
        ReadOnlySpan<byte> ek = encoding.Slice(pkeLength, set.EncapsulationKeyLength);
        byte[] hash = SHA3_256.HashData(ek);
        if (!CryptographicOperations.FixedTimeEquals(hash, encoding.Slice(pkeLength + set.EncapsulationKeyLength, 32)) || !MlKemEncapsulationKey.IsWellFormed(set, ek))
        {
            return null;
        }

        short[] sHat = new short[set.K * MlKemParameterSet.N];
        BitPacking.Unpack(encoding[..pkeLength], 12, sHat);
        return new MlKemDecapsulationKey(set, ek.ToArray(), hash, sHat, encoding[^32..].ToArray());
    }

    /// <summary>Wipes ŝ and z (a key decoded for one decapsulation).</summary>
    public void Wipe()
    {
        Array.Clear(_sHat);
        CryptographicOperations.ZeroMemory(_z);
    }

    /// <inheritdoc/>
    public override string ToString() => $"MlKemDecapsulationKey({Set.Name}, not shown)";
}
