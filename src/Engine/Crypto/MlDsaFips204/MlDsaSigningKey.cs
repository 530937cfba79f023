namespace E2eeConformance.Engine.Crypto.MlDsaFips204;

/// <summary>
/// A private key decoded for one signature (FIPS 204 Alg. 25 <c>skDecode</c> and lines 1–5 of Alg. 7
/// <c>ML-DSA.Sign_internal</c>): K, tr, ŝ1, ŝ2, t̂0 in the NTT domain, and Â = ExpandA(ρ), which is public (ρ is half
/// of the public key) and comes from a bounded cache keyed by ρ. Holds secrets (K, s1, s2, t0): wiped by the signer
/// after use (<see cref="Wipe"/>), never kept and never printed — a device keeps only its private key's bytes, not the
/// (ℓ + 2k) KB of transformed vectors.
/// </summary>
internal sealed class MlDsaSigningKey
{
    private const int N = MlDsaParameterSet.N;

    private MlDsaSigningKey(MlDsaParameterSet set, byte[] k, byte[] tr, int[] matrix, int[] s1, int[] s2, int[] t0)
    {
        Set = set;
        K = k;
        Tr = tr;
        Matrix = matrix;
        S1 = s1;
        S2 = s2;
        T0 = t0;
    }

    /// <summary>The parameter set.</summary>
    public MlDsaParameterSet Set { get; }

    /// <summary>K, the signing seed.</summary>
    public byte[] K { get; }

    /// <summary>tr = H(pk, 64).</summary>
    public byte[] Tr { get; }

    /// <summary>Â, row-major, k·ℓ polynomials in the NTT domain.</summary>
    public int[] Matrix { get; }

    /// <summary>NTT(s1), ℓ polynomials.</summary>
    public int[] S1 { get; }

    /// <summary>NTT(s2), k polynomials.</summary>
    public int[] S2 { get; }

    /// <summary>NTT(t0), k polynomials.</summary>
    public int[] T0 { get; }

    /// <summary>
    /// skDecode (Alg. 25): ρ ‖ K ‖ tr ‖ s1 ‖ s2 ‖ t0, with s1 and s2 packed at 3 bits (η = 2) or 4 bits (η = 4) as
    /// η − value and t0 at 13 bits as 2^(d−1) − value. <paramref name="encoding"/> must be the set's private-key length.
    /// </summary>
    public static MlDsaSigningKey Decode(MlDsaParameterSet set, ReadOnlySpan<byte> encoding, Func<ReadOnlySpan<byte>, int[]> matrixOf)
    {
        ArgumentNullException.ThrowIfNull(matrixOf);
        ArgumentNullException.ThrowIfNull(set);
        if (encoding.Length != set.PrivateKeyLength)
        {
            throw new ArgumentException($"an {set.Name} private key is {set.PrivateKeyLength} bytes, not {encoding.Length}", nameof(encoding));
        }

        int[] matrix = matrixOf(encoding[..32]);
        int offset = 128;
        int[] s1 = Unpack(encoding, ref offset, set.L, set.EtaBits, set.Eta);
        int[] s2 = Unpack(encoding, ref offset, set.K, set.EtaBits, set.Eta);
        int[] t0 = Unpack(encoding, ref offset, set.K, MlDsaParameterSet.D, 1 << (MlDsaParameterSet.D - 1));
        return new MlDsaSigningKey(set, encoding.Slice(32, 32).ToArray(), encoding.Slice(64, 64).ToArray(), matrix, s1, s2, t0);
    }

    /// <summary><paramref name="count"/> polynomials of <paramref name="bits"/>-bit values v read as <paramref name="bias"/> − v, then transformed.</summary>
    private static int[] Unpack(ReadOnlySpan<byte> encoding, ref int offset, int count, int bits, int bias)
    {
        int[] polys = new int[count * N];
        int bytes = N * bits / 8;
        for (int i = 0; i < count; i++)
        {
            Span<int> poly = polys.AsSpan(i * N, N);
            BitPacking.Unpack(encoding.Slice(offset, bytes), bits, poly);
            for (int j = 0; j < N; j++)
            {
                poly[j] = bias - poly[j];
            }

            MlDsaNtt.Forward(poly);
            offset += bytes;
        }

        return polys;
    }

    /// <summary>Wipes the secret parts.</summary>
    public void Wipe()
    {
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(K);
        Array.Clear(S1);
        Array.Clear(S2);
        Array.Clear(T0);
    }

    /// <inheritdoc/>
    public override string ToString() => $"MlDsaSigningKey({Set.Name}, not shown)";
}
