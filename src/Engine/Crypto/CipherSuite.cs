using E2eeConformance.Engine.Errors;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// A cipher suite chosen by its pack id (seed 000 §Cipher Suites; REFERENCE-BEHAVIOUR §1): a KEM (or X25519 DH), a signature
/// scheme, AES-256-GCM with a 16-byte IV, and SHA-256. Every reachable combination of the supported ds and kem
/// algorithms is a suite; <see cref="Named"/> lists the ones the harness runs by default.
/// </summary>
public sealed class CipherSuite
{
    private const uint SeAes256Gcm = 0;
    private const uint HashSha256 = 1;

    /// <summary>Every KEM a pack id can name here (AlgTypeKem 0, 33, 41, 49).</summary>
    public static IReadOnlyList<IKem> SupportedKems { get; } = [X25519Kem.Instance, MlKem.MlKem512, MlKem.MlKem768, MlKem.MlKem1024];

    /// <summary>Every signature scheme a pack id can name here (AlgTypeDs 0, 1, 9, 17, 85).</summary>
    public static IReadOnlyList<ISignatureScheme> SupportedSignatures { get; } =
        [Curve25519Signature.Instance, MlDsa.MlDsa44, MlDsa.MlDsa65, MlDsa.MlDsa87, SlhDsa.SlhDsaSha2_256s];

    private CipherSuite(string name, PackId packId, IKem kem, ISignatureScheme signature)
    {
        Name = name;
        PackId = packId;
        Kem = kem;
        Signature = signature;
    }

    /// <summary>The default post-quantum suite 0x113101: ML-KEM-1024 + ML-DSA-87 (seed 000).</summary>
    public static CipherSuite Pqc { get; } = Create("pqc", PackId.DefaultPqc);

    /// <summary>The ECC suite 0x000001: X25519 + curve25519 signatures (seed 001).</summary>
    public static CipherSuite Ecc { get; } = Create("ecc", PackId.Ecc);

    /// <summary>ML-KEM-512 + ML-DSA-44 (seed 000 key-size table).</summary>
    public static CipherSuite MlKem512MlDsa44 { get; } = Create("mlkem512-mldsa44", PackId.Create(0, 1, 33, SeAes256Gcm, HashSha256));

    /// <summary>ML-KEM-768 + ML-DSA-65 (seed 000 key-size table).</summary>
    public static CipherSuite MlKem768MlDsa65 { get; } = Create("mlkem768-mldsa65", PackId.Create(0, 9, 41, SeAes256Gcm, HashSha256));

    /// <summary>ML-KEM-1024 + SLH-DSA-SHA2-256s: seed 001's E2EE_CIPHER_KYBER_SPHINCSPLUS_SHA256_256S_AES256_GCM_SHA256.</summary>
    public static CipherSuite MlKem1024SlhDsa256s { get; } = Create("mlkem1024-slhdsa256s", PackId.Create(0, 85, 49, SeAes256Gcm, HashSha256));

    /// <summary>The suites the harness names and runs, in a stable order.</summary>
    public static IReadOnlyList<CipherSuite> Named { get; } = [Pqc, Ecc, MlKem512MlDsa44, MlKem768MlDsa65, MlKem1024SlhDsa256s];

    /// <summary>
    /// The suite's short name (<c>pqc</c>, <c>ecc</c>, …; composed from the algorithm names for an unnamed pack id).
    /// </summary>
    public string Name { get; }

    /// <summary>The pack id that names the suite on the wire.</summary>
    public PackId PackId { get; }

    /// <summary>The key-agreement half (ML-KEM, or X25519 for ECC).</summary>
    public IKem Kem { get; }

    /// <summary>The signature half (ML-DSA, SLH-DSA, or curve25519 for ECC).</summary>
    public ISignatureScheme Signature { get; }

    /// <summary>AES-256-GCM is the only symmetric cipher (AlgTypeSe 0).</summary>
    public static int AeadKeyLength => AesGcm16.KeyLength;

    /// <summary>True when the KEM is X25519: the ECC (X3DH) flavour of session creation and ratchet steps.</summary>
    public bool IsEcc => Kem.IsDiffieHellman;

    /// <summary>Resolves a pack id, or fails with <c>unsupported_suite</c> naming the part that is not supported.</summary>
    public static CipherSuite FromPackId(uint packId) =>
        TryFromPackId(packId, out CipherSuite? suite, out string? why)
            ? suite
            : throw new ProtocolException(ProtocolErrorCode.UnsupportedSuite, why);

    /// <summary>
    /// Resolves a pack id without throwing: false with <paramref name="why"/> naming the unsupported part (version,
    /// symmetric cipher, hash, KEM or signature algorithm).
    /// </summary>
    public static bool TryFromPackId(uint packId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CipherSuite? suite, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? why)
    {
        suite = Named.FirstOrDefault(s => s.PackId.Value == packId);
        why = null;
        if (suite is not null)
        {
            return true;
        }

        if (!TryCompose(new PackId(packId), out IKem? kem, out ISignatureScheme? ds, out why))
        {
            return false;
        }

        suite = new CipherSuite($"{kem.Name}+{ds.Name}".ToLowerInvariant(), new PackId(packId), kem, ds);
        return true;
    }

    private static bool TryCompose(PackId id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IKem? kem, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ISignatureScheme? ds, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? why)
    {
        kem = SupportedKems.FirstOrDefault(k => k.AlgType == id.Kem);
        ds = SupportedSignatures.FirstOrDefault(s => s.AlgType == id.Ds);
        why = id.Version != 0 ? $"pack id {id}: version {id.Version} is not supported"
            : id.Se != SeAes256Gcm ? $"pack id {id}: symmetric cipher {id.Se} is not supported (only AES-256-GCM = 0)"
            : id.Hash != HashSha256 ? $"pack id {id}: hash {id.Hash} is not supported (only SHA-256 = 1)"
            : kem is null ? $"pack id {id}: KEM {id.Kem} is not supported"
            : ds is null ? $"pack id {id}: signature algorithm {id.Ds} is not supported"
            : null;
        return why is null && kem is not null && ds is not null;
    }

    /// <summary>Finds a named suite by name (case-insensitive) or by pack id written as hex (0x113101) or decimal.</summary>
    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CipherSuite? suite)
    {
        suite = Named.FirstOrDefault(s => string.Equals(s.Name, text, StringComparison.OrdinalIgnoreCase));
        if (suite is not null)
        {
            return true;
        }

        uint value;
        bool parsed = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.TryParse(text.AsSpan(2), System.Globalization.NumberStyles.HexNumber, null, out value)
            : uint.TryParse(text, out value);
        return parsed & TryFromPackId(value, out suite, out _);
    }

    private static CipherSuite Create(string name, PackId id)
    {
        return TryCompose(id, out IKem? kem, out ISignatureScheme? ds, out string? why)
            ? new CipherSuite(name, id, kem, ds)
            : throw new EngineInvariantException(why);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({PackId})";
}
