using System.Security.Cryptography;
using E2eeConformance.Engine.Crypto.MlKemFips203;
using E2eeConformance.Engine.Ports;
using Org.BouncyCastle.Crypto.Kems;
using Org.BouncyCastle.Crypto.Parameters;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// ML-KEM (FIPS 203) as the key-agreement half of a PQC cipher suite (seed 000 §Cipher Suites, §Key Size;
/// REFERENCE-BEHAVIOUR §3, 7). The reference uses PQClean's <c>ml-kem-1024/clean</c>; 512 and 768 are the other
/// AlgTypeKem values of Wire/Protos/AlgTypeKem.proto.
/// <para>
/// Randomness: key generation draws exactly 64 bytes d‖z (FIPS 203 Alg. 19 <c>ML-KEM.KeyGen</c>), encapsulation exactly
/// 32 bytes m (Alg. 20 <c>ML-KEM.Encaps</c>), both from the injected <see cref="IRandomSource"/> — the bytes PQClean takes
/// from <c>randombytes</c> (REFERENCE-BEHAVIOUR §7, 8), so recorded d‖z and m reproduce the reference's keys and ciphertexts.
/// </para>
/// <para>
/// Encodings are the FIPS 203 ones the reference stores and sends: encapsulation key 384k+32 bytes, expanded decapsulation
/// key dk = dk_PKE‖ek‖H(ek)‖z (768k+96 bytes), ciphertext 32(d_u·k+d_v) bytes, shared secret 32 bytes.
/// </para>
/// </summary>
public sealed class MlKem : IKem
{
    /// <summary>Length of d‖z drawn by key generation (FIPS 203 Alg. 19).</summary>
    public const int KeyGenRandomLength = 64;

    /// <summary>Length of m drawn by encapsulation (FIPS 203 Alg. 20).</summary>
    public const int EncapsRandomLength = 32;

    /// <summary>ML-KEM-512 (k = 2): pk 800, sk 1632, ct 768 (seed 000 §Key Size); ALG_TYPE_KEM_MLKEM_512 = 33.</summary>
    public static MlKem MlKem512 { get; } = new("ML-KEM-512", 33, MLKemParameters.ml_kem_512, MlKemParameterSet.MlKem512);

    /// <summary>ML-KEM-768 (k = 3): pk 1184, sk 2400, ct 1088 (seed 000 §Key Size); ALG_TYPE_KEM_MLKEM_768 = 41.</summary>
    public static MlKem MlKem768 { get; } = new("ML-KEM-768", 41, MLKemParameters.ml_kem_768, MlKemParameterSet.MlKem768);

    /// <summary>ML-KEM-1024 (k = 4): pk 1568, sk 3168, ct 1568 (seed 000 §Key Size; REFERENCE-BEHAVIOUR §3); ALG_TYPE_KEM_MLKEM_1024 = 49.</summary>
    public static MlKem MlKem1024 { get; } = new("ML-KEM-1024", 49, MLKemParameters.ml_kem_1024, MlKemParameterSet.MlKem1024);

    /// <summary>How many encapsulation keys each parameter set keeps decoded (most recently used; about 10 KB each for ML-KEM-1024).</summary>
    internal const int PublicKeyCacheCapacity = 128;

    /// <summary>
    /// Whether the engine runs its own FIPS 203 code (<see cref="MlKemFips203"/>: the platform has SHA-3 and SHAKE, and
    /// <c>E2EE_MLKEM</c> is not <c>library</c>) rather than BouncyCastle's; both give the same bytes (differential tests).
    /// Its own code keeps each encapsulation key's matrix Â decoded (<see cref="PublicKeyCacheCapacity"/> keys), which
    /// BouncyCastle expands again for every encapsulation.
    /// </summary>
    public static bool OwnImplementation { get; } = MlKemSampling.IsSupported
        && !string.Equals(Environment.GetEnvironmentVariable("E2EE_MLKEM"), "library", StringComparison.OrdinalIgnoreCase);

    private readonly MLKemParameters _parameters;
    private readonly MlKemParameterSet _set;
    private readonly PublicKeyCache<MlKemEncapsulationKey> _encapsulationKeys = new(PublicKeyCacheCapacity);

    private MlKem(string name, uint algType, MLKemParameters parameters, MlKemParameterSet set)
    {
        Name = name;
        AlgType = algType;
        _parameters = parameters;
        _set = set;
        PublicKeyLength = set.EncapsulationKeyLength;
        PrivateKeyLength = set.DecapsulationKeyLength;
        CiphertextLength = set.CiphertextLength;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public uint AlgType { get; }

    /// <inheritdoc/>
    public bool IsDiffieHellman => false;

    /// <inheritdoc/>
    public int PublicKeyLength { get; }

    /// <inheritdoc/>
    public int PrivateKeyLength { get; }

    /// <inheritdoc/>
    public int CiphertextLength { get; }

    /// <summary>Shared secret K, 32 bytes for every parameter set (FIPS 203 §8).</summary>
    public int SharedSecretLength => 32;

    /// <summary>
    /// FIPS 203 Alg. 19 <c>ML-KEM.KeyGen</c>: draws d‖z (64 bytes) and derives the key pair deterministically from it
    /// (Alg. 16 <c>ML-KEM.KeyGen_internal</c>), like PQClean's <c>crypto_kem_keypair</c> (REFERENCE-BEHAVIOUR §7).
    /// </summary>
    public KeyPair GenerateKeyPair(IRandomSource random) => FromDrawnSeed(random, OwnImplementation);

    /// <summary>
    /// The key pair FIPS 203 Alg. 16 <c>ML-KEM.KeyGen_internal</c> derives from <paramref name="seed"/> = d ‖ z
    /// (<see cref="KeyGenRandomLength"/> bytes): the pair <see cref="GenerateKeyPair"/> returns when it draws those bytes.
    /// </summary>
    public KeyPair GenerateKeyPairFromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != KeyGenRandomLength)
        {
            throw new ArgumentException($"an {Name} seed is {KeyGenRandomLength} bytes, not {seed.Length}", nameof(seed));
        }

        return FromSeed(seed, OwnImplementation);
    }

    /// <summary><see cref="GenerateKeyPair"/> by BouncyCastle (the reference the own code is tested and benchmarked against).</summary>
    public KeyPair GenerateKeyPairWithBouncyCastle(IRandomSource random) => FromDrawnSeed(random, own: false);

    /// <summary>Draws d ‖ z (64 bytes) and derives the pair from them; the drawn bytes are wiped.</summary>
    private KeyPair FromDrawnSeed(IRandomSource random, bool own)
    {
        ArgumentNullException.ThrowIfNull(random);
        byte[] seed = new byte[KeyGenRandomLength];
        try
        {
            random.Fill(seed);
            return FromSeed(seed, own);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    private KeyPair FromSeed(ReadOnlySpan<byte> seed, bool own)
    {
        if (own)
        {
            (byte[] ek, byte[] dk) = MlKemMechanism.GenerateKeyPair(_set, seed[..32], seed[32..]);
            return new KeyPair(ek, SecretBytes.Own(dk));
        }

        byte[] copy = seed.ToArray();
        try
        {
            MLKemPrivateKeyParameters privateKey = MLKemPrivateKeyParameters.FromSeed(_parameters, copy);
            return new KeyPair(privateKey.GetPublicKeyEncoded(), SecretBytes.Own(privateKey.GetEncoded()));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
    }

    /// <summary>FIPS 203 §7.2 encapsulation-key check: the right length and every coefficient below q.</summary>
    public bool IsValidPublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != PublicKeyLength)
        {
            return false;
        }

        if (OwnImplementation)
        {
            return MlKemEncapsulationKey.IsWellFormed(_set, publicKey);
        }

        try
        {
            _ = MLKemPublicKeyParameters.FromEncoding(_parameters, publicKey.ToArray());
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// FIPS 203 Alg. 20 <c>ML-KEM.Encaps</c>: draws m (32 bytes) and returns (ciphertext, K).
    /// Throws <see cref="ArgumentException"/> for a wrong-length key or one that fails the §7.2 modulus check.
    /// </summary>
    public KemEncapsulation Encapsulate(ReadOnlySpan<byte> publicKey, IRandomSource random)
    {
        if (!OwnImplementation)
        {
            return EncapsulateWithBouncyCastle(publicKey, random);
        }

        ArgumentNullException.ThrowIfNull(random);
        PqcGuard.RequireLength(publicKey, PublicKeyLength, Name, "public key", nameof(publicKey));
        MlKemEncapsulationKey key = EncapsulationKey(publicKey)
            ?? throw new ArgumentException($"{Name} public key fails the FIPS 203 §7.2 input check: a coefficient is not below q", nameof(publicKey));
        byte[] m = new byte[EncapsRandomLength];
        try
        {
            random.Fill(m);
            byte[] ciphertext = new byte[CiphertextLength];
            byte[] secret = new byte[SharedSecretLength];
            MlKemMechanism.Encapsulate(key, m, ciphertext, secret);
            return new KemEncapsulation(ciphertext, SecretBytes.Own(secret));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(m);
        }
    }

    /// <summary>The decoded encapsulation key (kept for the next use), or null when it fails the §7.2 check (never kept).</summary>
    private MlKemEncapsulationKey? EncapsulationKey(ReadOnlySpan<byte> publicKey)
    {
        if (_encapsulationKeys.TryGet(publicKey, out MlKemEncapsulationKey? kept))
        {
            return kept;
        }

        MlKemEncapsulationKey? decoded = MlKemEncapsulationKey.TryDecode(_set, publicKey);
        return decoded is null ? null : _encapsulationKeys.GetOrAdd(publicKey, _ => decoded);
    }

    /// <summary><see cref="Encapsulate"/> by BouncyCastle (the reference the own code is tested and benchmarked against).</summary>
    public KemEncapsulation EncapsulateWithBouncyCastle(ReadOnlySpan<byte> publicKey, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        PqcGuard.RequireLength(publicKey, PublicKeyLength, Name, "public key", nameof(publicKey));

        MLKemPublicKeyParameters key;
        try
        {
            key = MLKemPublicKeyParameters.FromEncoding(_parameters, publicKey.ToArray());
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"{Name} public key fails the FIPS 203 §7.2 input check: {ex.Message}", nameof(publicKey), ex);
        }

        var encapsulator = new MLKemEncapsulator(_parameters);
        encapsulator.Init(new ParametersWithRandom(key, new RandomSourceAdapter(random)));
        byte[] ciphertext = new byte[CiphertextLength];
        byte[] secret = new byte[SharedSecretLength];
        encapsulator.Encapsulate(ciphertext.AsSpan(), secret.AsSpan());
        return new KemEncapsulation(ciphertext, SecretBytes.Own(secret));
    }

    /// <summary>
    /// FIPS 203 Alg. 21 <c>ML-KEM.Decaps</c>. A well-formed but wrong ciphertext yields the implicit-rejection secret
    /// J(z‖c), never an error. Throws <see cref="ArgumentException"/> for wrong lengths or a private key that fails the
    /// §7.3 hash check.
    /// </summary>
    public SecretBytes Decapsulate(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> ciphertext)
    {
        PqcGuard.RequireLength(privateKey, PrivateKeyLength, Name, "private key", nameof(privateKey));
        PqcGuard.RequireLength(ciphertext, CiphertextLength, Name, "ciphertext", nameof(ciphertext));

        if (!OwnImplementation)
        {
            return Decapsulate(DecodedPrivateKey.Decode(privateKey, DecodePrivateKey), ciphertext);
        }

        MlKemDecapsulationKey once = DecodeOwn(privateKey);
        try
        {
            return Decapsulate(once, ciphertext);
        }
        finally
        {
            once.Wipe();
        }
    }

    /// <summary><see cref="Decapsulate(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> by BouncyCastle (the reference the own code is tested against).</summary>
    public SecretBytes DecapsulateWithBouncyCastle(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> ciphertext)
    {
        PqcGuard.RequireLength(privateKey, PrivateKeyLength, Name, "private key", nameof(privateKey));
        PqcGuard.RequireLength(ciphertext, CiphertextLength, Name, "ciphertext", nameof(ciphertext));
        return Decapsulate(DecodedPrivateKey.Decode(privateKey, DecodePrivateKey), ciphertext);
    }

    /// <summary>
    /// <see cref="Decapsulate(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> with <paramref name="ours"/>'s private key, decoded
    /// (and §7.3-checked) once and kept on the pair (<see cref="DecodedPrivateKey"/>). Same secret as the span overload.
    /// </summary>
    public SecretBytes Decapsulate(KeyPair ours, ReadOnlySpan<byte> ciphertext)
    {
        ArgumentNullException.ThrowIfNull(ours);
        PqcGuard.RequireLength(ours.PrivateKey.Span, PrivateKeyLength, Name, "private key", nameof(ours));
        PqcGuard.RequireLength(ciphertext, CiphertextLength, Name, "ciphertext", nameof(ciphertext));

        return OwnImplementation
            ? Decapsulate(DecodedPrivateKey.Of(ours, this, DecodeOwn), ciphertext)
            : Decapsulate(DecodedPrivateKey.Of(ours, this, DecodePrivateKey), ciphertext);
    }

    private SecretBytes Decapsulate(MlKemDecapsulationKey key, ReadOnlySpan<byte> ciphertext)
    {
        // The ek inside a decoded dk is checked and hashed already: decoded without doing either again.
        MlKemEncapsulationKey encapsulationKey = _encapsulationKeys.GetOrAdd(key.EncapsulationKey, encoding => MlKemEncapsulationKey.Decode(_set, encoding, key.EncapsulationKeyHash));
        byte[] secret = new byte[32];
        MlKemMechanism.Decapsulate(key, encapsulationKey, ciphertext, secret);
        return SecretBytes.Own(secret);
    }

    /// <summary>Decodes an expanded decapsulation key for the own code; one failing the FIPS 203 §7.3 hash check is an <see cref="ArgumentException"/>.</summary>
    private MlKemDecapsulationKey DecodeOwn(ReadOnlySpan<byte> encoding) =>
        MlKemDecapsulationKey.TryDecode(_set, encoding)
            ?? throw new ArgumentException($"{Name} private key fails the FIPS 203 §7.3 input check: H(ek) is not the hash it holds", "privateKey");

    private MlKemDecapsulationKey DecodeOwn(byte[] encoding) => DecodeOwn(encoding.AsSpan());

    private SecretBytes Decapsulate(MLKemPrivateKeyParameters key, ReadOnlySpan<byte> ciphertext)
    {
        var decapsulator = new MLKemDecapsulator(_parameters);
        decapsulator.Init(key);
        byte[] secret = new byte[SharedSecretLength];
        decapsulator.Decapsulate(ciphertext, secret.AsSpan());
        return SecretBytes.Own(secret);
    }

    /// <summary>Decodes an expanded decapsulation key; a key failing the FIPS 203 §7.3 hash check is an <see cref="ArgumentException"/>.</summary>
    private MLKemPrivateKeyParameters DecodePrivateKey(byte[] encoding)
    {
        try
        {
            return MLKemPrivateKeyParameters.FromEncoding(_parameters, encoding);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"{Name} private key fails the FIPS 203 §7.3 input check: {ex.Message}", "privateKey", ex);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
