namespace E2eeConformance.Engine.Crypto.MlKemFips203;

/// <summary>
/// The parameters of one ML-KEM parameter set (FIPS 203 §8, Table 2) and the sizes they give (Table 3):
/// ek = 384k + 32, dk = 768k + 96, ciphertext = 32(d_u·k + d_v) bytes.
/// </summary>
internal sealed class MlKemParameterSet
{
    /// <summary>q = 3329.</summary>
    public const int Q = 3329;

    /// <summary>n, the coefficients of a polynomial.</summary>
    public const int N = 256;

    /// <summary>Bytes of one polynomial under ByteEncode12.</summary>
    public const int PolyBytes = 384;

    /// <summary>ML-KEM-512: k = 2, η1 = 3, η2 = 2, d_u = 10, d_v = 4.</summary>
    public static MlKemParameterSet MlKem512 { get; } = new("ML-KEM-512", k: 2, eta1: 3, du: 10, dv: 4);

    /// <summary>ML-KEM-768: k = 3, η1 = 2, η2 = 2, d_u = 10, d_v = 4.</summary>
    public static MlKemParameterSet MlKem768 { get; } = new("ML-KEM-768", k: 3, eta1: 2, du: 10, dv: 4);

    /// <summary>ML-KEM-1024: k = 4, η1 = 2, η2 = 2, d_u = 11, d_v = 5.</summary>
    public static MlKemParameterSet MlKem1024 { get; } = new("ML-KEM-1024", k: 4, eta1: 2, du: 11, dv: 5);

    private MlKemParameterSet(string name, int k, int eta1, int du, int dv)
    {
        Name = name;
        K = k;
        Eta1 = eta1;
        Du = du;
        Dv = dv;
    }

    /// <summary>The set's name.</summary>
    public string Name { get; }

    /// <summary>k, the rank of the module.</summary>
    public int K { get; }

    /// <summary>η1, the noise of s, e and y.</summary>
    public int Eta1 { get; }

    /// <summary>η2 = 2, the noise of e1 and e2.</summary>
    public int Eta2 => 2;

    /// <summary>d_u, the bits of each compressed coefficient of u.</summary>
    public int Du { get; }

    /// <summary>d_v, the bits of each compressed coefficient of v.</summary>
    public int Dv { get; }

    /// <summary>The encapsulation key's length, 384k + 32.</summary>
    public int EncapsulationKeyLength => (PolyBytes * K) + 32;

    /// <summary>The decapsulation key's length, 768k + 96.</summary>
    public int DecapsulationKeyLength => (2 * PolyBytes * K) + 96;

    /// <summary>The ciphertext's length, 32(d_u·k + d_v).</summary>
    public int CiphertextLength => 32 * ((Du * K) + Dv);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
