using System.Security.Cryptography;
using E2eeConformance.Engine.Crypto.MlDsaFips204;
using E2eeConformance.Engine.Ports;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// ML-DSA (FIPS 204) as the signature half of a PQC cipher suite (seed 000 §Cipher Suites, §Key Size;
/// REFERENCE-BEHAVIOUR §3, 4). As in the reference (PQClean <c>ml-dsa-87/clean</c>): pure ML-DSA (not HashML-DSA), empty
/// context string (M' = 0x00‖0x00‖M), <b>hedged</b> signing whose 32-byte rnd comes from the injected source.
/// <para>
/// Randomness: key generation draws exactly 32 bytes ξ (FIPS 204 Alg. 1 <c>ML-DSA.KeyGen</c>), signing exactly 32 bytes
/// rnd (Alg. 2 <c>ML-DSA.Sign</c>, hedged variant) — PQClean's <c>randombytes</c> calls (REFERENCE-BEHAVIOUR §8), so recorded ξ
/// and rnd reproduce the reference's keys and signatures byte for byte.
/// </para>
/// <para>Encodings: FIPS 204 pk = ρ‖t1, expanded sk = ρ‖K‖tr‖s1‖s2‖t0, signature c̃‖z‖h.</para>
/// </summary>
public sealed class MlDsa : ISignatureScheme
{
    /// <summary>Length of ξ drawn by key generation (FIPS 204 Alg. 1).</summary>
    public const int KeyGenRandomLength = 32;

    /// <summary>Length of rnd drawn by hedged signing (FIPS 204 Alg. 2).</summary>
    public const int SignRandomLength = 32;

    /// <summary>
    /// How many entries each cache of a parameter set keeps (the most recently used): decoded verifying keys (8 KB each
    /// for ML-DSA-87, plus their matrix) and matrices Â by ρ (57 KB each); at most about 16 MB for ML-DSA-87.
    /// </summary>
    internal const int PublicKeyCacheCapacity = 128;

    /// <summary>ML-DSA-44: sk 2560, pk 1312, sig 2420 (seed 000 §Key Size); ALG_TYPE_DS_MLDSA_44 = 1.</summary>
    public static MlDsa MlDsa44 { get; } = new("ML-DSA-44", 1, MLDsaParameters.ml_dsa_44, MlDsaParameterSet.MlDsa44);

    /// <summary>ML-DSA-65: sk 4032, pk 1952, sig 3309 (seed 000 §Key Size); ALG_TYPE_DS_MLDSA_65 = 9.</summary>
    public static MlDsa MlDsa65 { get; } = new("ML-DSA-65", 9, MLDsaParameters.ml_dsa_65, MlDsaParameterSet.MlDsa65);

    /// <summary>ML-DSA-87: sk 4896, pk 2592, sig 4627 (seed 000 §Key Size; REFERENCE-BEHAVIOUR §3); ALG_TYPE_DS_MLDSA_87 = 17.</summary>
    public static MlDsa MlDsa87 { get; } = new("ML-DSA-87", 17, MLDsaParameters.ml_dsa_87, MlDsaParameterSet.MlDsa87);

    /// <summary>Decoded public keys kept for verification by BouncyCastle; each carries its tr = H(pk), which BouncyCastle computes once per key object.</summary>
    private readonly PublicKeyCache<MLDsaPublicKeyParameters> _publicKeys = new(PublicKeyCacheCapacity);

    /// <summary>Public keys decoded for the engine's own verification (Â, NTT(t1·2^d), tr: <see cref="MlDsaVerifyingKey"/>).</summary>
    private readonly PublicKeyCache<MlDsaVerifyingKey> _verifyingKeys = new(PublicKeyCacheCapacity);

    /// <summary>The matrices Â = ExpandA(ρ) of recently used keys, keyed by ρ (public: the first 32 bytes of a public and of a private key).</summary>
    private readonly PublicKeyCache<int[]> _matrices = new(PublicKeyCacheCapacity);

    private readonly MLDsaParameters _parameters;
    private readonly MlDsaParameterSet _set;

    private MlDsa(string name, uint algType, MLDsaParameters parameters, MlDsaParameterSet set)
    {
        Name = name;
        AlgType = algType;
        _parameters = parameters;
        _set = set;
        PublicKeyLength = set.PublicKeyLength;
        PrivateKeyLength = set.PrivateKeyLength;
        SignatureLength = set.SignatureLength;
    }

    /// <summary>
    /// Whether signing and <see cref="Verify"/> run the engine's own FIPS 204 code (<see cref="MlDsaFips204"/>: the
    /// platform has SHAKE, and <c>E2EE_MLDSA</c> is not <c>library</c>) rather than BouncyCastle's. Both give the same
    /// signatures for the same rnd and accept exactly the same ones (differential tests). Key generation stays
    /// BouncyCastle's.
    /// </summary>
    public static bool OwnImplementation { get; } = MlDsaSampling.IsSupported
        && !string.Equals(Environment.GetEnvironmentVariable("E2EE_MLDSA"), "library", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public uint AlgType { get; }

    /// <inheritdoc/>
    public int PublicKeyLength { get; }

    /// <inheritdoc/>
    public int PrivateKeyLength { get; }

    /// <inheritdoc/>
    public int SignatureLength { get; }

    /// <summary>
    /// FIPS 204 Alg. 1 <c>ML-DSA.KeyGen</c>: draws ξ (32 bytes) and derives the key pair from it
    /// (Alg. 6 <c>ML-DSA.KeyGen_internal</c>), like PQClean's <c>crypto_sign_keypair</c>.
    /// </summary>
    public KeyPair GenerateKeyPair(IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        byte[] seed = new byte[KeyGenRandomLength];
        try
        {
            random.Fill(seed);
            MLDsaPrivateKeyParameters privateKey = MLDsaPrivateKeyParameters.FromSeed(_parameters, seed);
            return new KeyPair(privateKey.GetPublicKeyEncoded(), SecretBytes.Own(privateKey.GetEncoded()));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>
    /// FIPS 204 Alg. 2 <c>ML-DSA.Sign</c>, hedged, empty context (REFERENCE-BEHAVIOUR §4): draws rnd (32 bytes) from
    /// <paramref name="random"/>. Throws <see cref="ArgumentException"/> for a wrong-length private key.
    /// </summary>
    public byte[] Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        PqcGuard.RequireLength(privateKey, PrivateKeyLength, Name, "private key", nameof(privateKey));

        if (OwnImplementation)
        {
            return SignOwn(privateKey, message, random);
        }

        MLDsaPrivateKeyParameters key = DecodedPrivateKey.Decode(privateKey, DecodePrivateKey);
        return PqcSignatures.Sign(new MLDsaSigner(_parameters, deterministic: false), key, message, random);
    }

    /// <summary>
    /// <see cref="Sign(ReadOnlySpan{byte}, ReadOnlySpan{byte}, IRandomSource)"/> by BouncyCastle (the reference the own
    /// code is tested and benchmarked against).
    /// </summary>
    public byte[] SignWithBouncyCastle(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        PqcGuard.RequireLength(privateKey, PrivateKeyLength, Name, "private key", nameof(privateKey));
        MLDsaPrivateKeyParameters key = DecodedPrivateKey.Decode(privateKey, DecodePrivateKey);
        return PqcSignatures.Sign(new MLDsaSigner(_parameters, deterministic: false), key, message, random);
    }

    /// <summary>
    /// FIPS 204 hedged signing by the own code: the key decoded for this signature (its matrix from the cache keyed by
    /// ρ) and wiped after it, rnd (32 bytes) drawn as BouncyCastle's signer draws it.
    /// </summary>
    private byte[] SignOwn(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message, IRandomSource random)
    {
        MlDsaSigningKey key = MlDsaSigningKey.Decode(_set, privateKey, MatrixOf);
        byte[] rnd = new byte[SignRandomLength];
        try
        {
            random.Fill(rnd);
            return MlDsaSigner.Sign(key, message, rnd);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(rnd);
            key.Wipe();
        }
    }

    /// <summary>Â = ExpandA(ρ) (FIPS 204 Alg. 32), kept for the <see cref="PublicKeyCacheCapacity"/> most recently used ρ.</summary>
    private int[] MatrixOf(ReadOnlySpan<byte> rho) => _matrices.GetOrAdd(rho, r =>
    {
        int[] matrix = new int[_set.K * _set.L * MlDsaParameterSet.N];
        MlDsaSampling.ExpandA(r, _set, matrix);
        return matrix;
    });

    /// <summary>
    /// <see cref="Sign(ReadOnlySpan{byte}, ReadOnlySpan{byte}, IRandomSource)"/> with <paramref name="signer"/>'s private key,
    /// decoded once and kept on the pair (<see cref="DecodedPrivateKey"/>): decoding an expanded FIPS 204 key re-derives
    /// t1 = Power2Round(A·s1 + s2), over a third of a signature's cost. Same signature bytes as the span overload for the
    /// same rnd. Throws <see cref="ArgumentException"/> for a wrong-length private key.
    /// </summary>
    public byte[] Sign(KeyPair signer, ReadOnlySpan<byte> message, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(random);
        PqcGuard.RequireLength(signer.PrivateKey.Span, PrivateKeyLength, Name, "private key", nameof(signer));

        if (OwnImplementation)
        {
            return SignOwn(signer.PrivateKey.Span, message, random);
        }

        MLDsaPrivateKeyParameters key = DecodedPrivateKey.Of(signer, this, DecodePrivateKey);
        return PqcSignatures.Sign(new MLDsaSigner(_parameters, deterministic: false), key, message, random);
    }

    /// <summary>
    /// FIPS 204 Alg. 3 <c>ML-DSA.Verify</c>, empty context. Returns false — never throws — for a wrong-length key or
    /// signature, a malformed signature encoding (e.g. an invalid hint, Alg. 21 <c>HintBitUnpack</c>) or a bad signature.
    /// Every bit string of the right length is a valid public-key encoding (Alg. 23 <c>pkDecode</c>). The decoded key is
    /// kept in a bounded cache keyed by the key's bytes (public data), so a sender's key is decoded once per
    /// <see cref="PublicKeyCacheCapacity"/> recently used keys rather than once per signature: with the engine's own
    /// verification (<see cref="OwnImplementation"/>, issue 17) that includes the matrix Â, over half the work of a
    /// verification that BouncyCastle repeats every time.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (!OwnImplementation)
        {
            return VerifyWithBouncyCastle(publicKey, message, signature);
        }

        if (publicKey.Length != PublicKeyLength || signature.Length != SignatureLength)
        {
            return false;
        }

        MlDsaVerifyingKey key = _verifyingKeys.GetOrAdd(publicKey, encoding => MlDsaVerifyingKey.Decode(_set, encoding, MatrixOf));
        return MlDsaVerifier.Verify(key, message, signature);
    }

    /// <summary>
    /// <see cref="Verify"/> by BouncyCastle's <c>MLDsaSigner</c> (the fallback without SHAKE, and the reference the own
    /// verification is tested and benchmarked against).
    /// </summary>
    public bool VerifyWithBouncyCastle(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeyLength || signature.Length != SignatureLength)
        {
            return false;
        }

        MLDsaPublicKeyParameters key = _publicKeys.GetOrAdd(publicKey, encoding => MLDsaPublicKeyParameters.FromEncoding(_parameters, encoding));
        return PqcSignatures.Verify(new MLDsaSigner(_parameters, deterministic: false), key, message, signature);
    }

    private MLDsaPrivateKeyParameters DecodePrivateKey(byte[] encoding) => MLDsaPrivateKeyParameters.FromEncoding(_parameters, encoding);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
