namespace E2eeConformance.Engine.Crypto.MlDsaFips204;

/// <summary>
/// The parameters of one ML-DSA parameter set (FIPS 204 §4, Table 1) that verification needs, and the encoded sizes
/// they give (Table 2): pk = 32 + 320·k bytes, signature = λ/4 + 32·ℓ·(1 + bitlen(γ1 − 1)) + ω + k bytes.
/// </summary>
internal sealed class MlDsaParameterSet
{
    /// <summary>q = 2²³ − 2¹³ + 1.</summary>
    public const int Q = 8380417;

    /// <summary>d, the dropped bits of t (t1 = t >> d).</summary>
    public const int D = 13;

    /// <summary>n, the coefficients of a polynomial.</summary>
    public const int N = 256;

    /// <summary>ML-DSA-44: k = 4, ℓ = 4, τ = 39, λ = 128, γ1 = 2¹⁷, γ2 = (q − 1)/88, η = 2, ω = 80.</summary>
    public static MlDsaParameterSet MlDsa44 { get; } = new("ML-DSA-44", k: 4, l: 4, tau: 39, lambda: 128, gamma1Bits: 17, gamma2: (Q - 1) / 88, eta: 2, omega: 80);

    /// <summary>ML-DSA-65: k = 6, ℓ = 5, τ = 49, λ = 192, γ1 = 2¹⁹, γ2 = (q − 1)/32, η = 4, ω = 55.</summary>
    public static MlDsaParameterSet MlDsa65 { get; } = new("ML-DSA-65", k: 6, l: 5, tau: 49, lambda: 192, gamma1Bits: 19, gamma2: (Q - 1) / 32, eta: 4, omega: 55);

    /// <summary>ML-DSA-87: k = 8, ℓ = 7, τ = 60, λ = 256, γ1 = 2¹⁹, γ2 = (q − 1)/32, η = 2, ω = 75.</summary>
    public static MlDsaParameterSet MlDsa87 { get; } = new("ML-DSA-87", k: 8, l: 7, tau: 60, lambda: 256, gamma1Bits: 19, gamma2: (Q - 1) / 32, eta: 2, omega: 75);

    private MlDsaParameterSet(string name, int k, int l, int tau, int lambda, int gamma1Bits, int gamma2, int eta, int omega)
    {
        Name = name;
        K = k;
        L = l;
        Tau = tau;
        CTildeLength = lambda / 4;
        Gamma1Bits = gamma1Bits;
        Gamma1 = 1 << gamma1Bits;
        Gamma2 = gamma2;
        Eta = eta;
        Beta = tau * eta;
        Omega = omega;
        ZPolyBytes = N * (gamma1Bits + 1) / 8;
        W1Bits = gamma2 == (Q - 1) / 88 ? 6 : 4;
        PublicKeyLength = 32 + (320 * k);
        EtaBits = eta == 2 ? 3 : 4;
        PrivateKeyLength = 128 + ((l + k) * N * EtaBits / 8) + (k * N * D / 8);
        SignatureLength = CTildeLength + (l * ZPolyBytes) + omega + k;
    }

    /// <summary>The set's name (FIPS 204 Table 1).</summary>
    public string Name { get; }

    /// <summary>k, the rows of A (and the length of t1, w and h).</summary>
    public int K { get; }

    /// <summary>ℓ, the columns of A (and the length of z).</summary>
    public int L { get; }

    /// <summary>τ, the nonzero coefficients of the challenge c.</summary>
    public int Tau { get; }

    /// <summary>λ/4, the length of the commitment hash c̃ in bytes.</summary>
    public int CTildeLength { get; }

    /// <summary>log2 γ1.</summary>
    public int Gamma1Bits { get; }

    /// <summary>γ1, the range of the masking vector y (and of z).</summary>
    public int Gamma1 { get; }

    /// <summary>γ2, the low-order rounding range.</summary>
    public int Gamma2 { get; }

    /// <summary>η, the range of the secret vectors s1 and s2.</summary>
    public int Eta { get; }

    /// <summary>β = τ·η.</summary>
    public int Beta { get; }

    /// <summary>ω, the most ones in the hint h.</summary>
    public int Omega { get; }

    /// <summary>Bytes of one packed polynomial of z (1 + log2 γ1 bits a coefficient).</summary>
    public int ZPolyBytes { get; }

    /// <summary>Bits of one coefficient of w1 in w1Encode: 6 for γ2 = (q − 1)/88, 4 for (q − 1)/32.</summary>
    public int W1Bits { get; }

    /// <summary>Bits of one coefficient of s1 and s2 in the private key (η − value): 3 for η = 2, 4 for η = 4.</summary>
    public int EtaBits { get; }

    /// <summary>The encoded private key's length, ρ ‖ K ‖ tr ‖ s1 ‖ s2 ‖ t0 = 128 + 32·((ℓ + k)·bitlen(2η) + 13k) bytes.</summary>
    public int PrivateKeyLength { get; }

    /// <summary>The encoded public key's length.</summary>
    public int PublicKeyLength { get; }

    /// <summary>The encoded signature's length.</summary>
    public int SignatureLength { get; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
