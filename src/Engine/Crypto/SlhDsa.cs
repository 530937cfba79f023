using System.Security.Cryptography;
using E2eeConformance.Engine.Crypto.SlhDsaSha2;
using E2eeConformance.Engine.Ports;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// SLH-DSA (FIPS 205) — the stateless hash-based signature the reference lists as ALG_TYPE_DS_SPHINCS_SHA2_256S = 85
/// (Wire/Protos/AlgTypeDs.proto); parameter set SLH-DSA-SHA2-256s (n = 32): pk 64, sk 128, signature 29 792 bytes.
/// Pure SLH-DSA (not HashSLH-DSA), empty context, hedged signing, in the style of <see cref="MlDsa"/> (REFERENCE-BEHAVIOUR §4).
/// <para>
/// Randomness: key generation draws exactly 3·n = 96 bytes, in three n-byte calls SK.seed, SK.prf, PK.seed
/// (FIPS 205 Alg. 21 <c>slh_keygen</c>; BouncyCastle's <c>SlhDsaKeyPairGenerator</c> draws them in that order), so the
/// drawn bytes are the first 96 bytes of the private key SK.seed‖SK.prf‖PK.seed‖PK.root. Hedged signing draws exactly
/// n = 32 bytes opt_rand (Alg. 22 <c>slh_sign</c>).
/// </para>
/// <para>
/// Key generation and signing are the engine's own (<see cref="SlhSigner"/>, FIPS 205 Alg. 18/19 with the SHA2
/// functions of §11.2.2 over per-key SHA-256/SHA-512 midstates and OpenSSL's block functions), byte for byte
/// BouncyCastle's output for the same random bytes and many times faster than its signer (about 1.5 s a signature);
/// verification takes milliseconds and stays BouncyCastle's. <see cref="GenerateKeyPairWithBouncyCastle"/> and
/// <see cref="SignWithBouncyCastle"/> keep the library's way for comparison.
/// </para>
/// </summary>
public sealed class SlhDsa : ISignatureScheme
{
    /// <summary>SLH-DSA-SHA2-256s (FIPS 205 Table 2); ALG_TYPE_DS_SPHINCS_SHA2_256S = 85.</summary>
    public static SlhDsa SlhDsaSha2_256s { get; } = new("SLH-DSA-SHA2-256s", 85, SlhDsaParameters.slh_dsa_sha2_256s, n: 32, signatureLength: 29792);

    private readonly SlhDsaParameters _parameters;

    private SlhDsa(string name, uint algType, SlhDsaParameters parameters, int n, int signatureLength)
    {
        if (n != SlhParameters.N || signatureLength != SlhParameters.SignatureLength)
        {
            throw new ArgumentException($"the engine's SLH-DSA implements SLH-DSA-SHA2-256s only, not {name}", nameof(parameters));
        }

        Name = name;
        AlgType = algType;
        _parameters = parameters;
        SecurityParameter = n;
        PublicKeyLength = 2 * n;
        PrivateKeyLength = 4 * n;
        SignatureLength = signatureLength;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public uint AlgType { get; }

    /// <summary>FIPS 205 security parameter n (hash output length in bytes).</summary>
    public int SecurityParameter { get; }

    /// <summary>Bytes drawn by key generation: SK.seed, SK.prf, PK.seed, n each (FIPS 205 Alg. 21).</summary>
    public int KeyGenRandomLength => 3 * SecurityParameter;

    /// <summary>Bytes drawn by hedged signing: opt_rand, n (FIPS 205 Alg. 22).</summary>
    public int SignRandomLength => SecurityParameter;

    /// <summary>PK.seed‖PK.root, 2n bytes (FIPS 205 §9.1).</summary>
    public int PublicKeyLength { get; }

    /// <summary>SK.seed‖SK.prf‖PK.seed‖PK.root, 4n bytes (FIPS 205 §9.1).</summary>
    public int PrivateKeyLength { get; }

    /// <inheritdoc/>
    public int SignatureLength { get; }

    /// <summary>
    /// FIPS 205 Alg. 21 <c>slh_keygen</c>: draws SK.seed, SK.prf and PK.seed (n bytes each, in that order) from the
    /// source, then PK.root = the root of the top XMSS tree (Alg. 18).
    /// </summary>
    public KeyPair GenerateKeyPair(IRandomSource random) => GenerateKeyPair(random, SlhSigner.DefaultParallelism);

    /// <summary>
    /// FIPS 205 Alg. 22 <c>slh_sign</c>, hedged, empty context: opt_rand (n bytes) comes from <paramref name="random"/>,
    /// and M′ = 0x00 ‖ 0x00 ‖ M is signed by Alg. 19. Throws <see cref="ArgumentException"/> for a wrong-length private key.
    /// </summary>
    public byte[] Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message, IRandomSource random) =>
        Sign(privateKey, message, random, SlhSigner.DefaultParallelism);

    /// <summary><see cref="GenerateKeyPair(IRandomSource)"/> with the given number of worker threads (1: the calling thread only); the key does not depend on it.</summary>
    internal KeyPair GenerateKeyPair(IRandomSource random, int parallelism)
    {
        ArgumentNullException.ThrowIfNull(random);
        int n = SecurityParameter;
        byte[] privateKey = new byte[PrivateKeyLength];
        try
        {
            random.Fill(privateKey.AsSpan(0, n)); // SK.seed
            random.Fill(privateKey.AsSpan(n, n)); // SK.prf
            random.Fill(privateKey.AsSpan(2 * n, n)); // PK.seed
            SlhSigner.KeyGen(privateKey.AsSpan(0, n), privateKey.AsSpan(2 * n, n), privateKey.AsSpan(3 * n, n), parallelism);
        }
        catch
        {
            CryptographicOperations.ZeroMemory(privateKey);
            throw;
        }

        return new KeyPair(privateKey.AsSpan(2 * n).ToArray(), SecretBytes.Own(privateKey));
    }

    /// <summary><see cref="Sign(ReadOnlySpan{byte}, ReadOnlySpan{byte}, IRandomSource)"/> with the given number of worker threads; the signature does not depend on it.</summary>
    internal byte[] Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message, IRandomSource random, int parallelism)
    {
        ArgumentNullException.ThrowIfNull(random);
        PqcGuard.RequireLength(privateKey, PrivateKeyLength, Name, "private key", nameof(privateKey));
        Span<byte> optRand = stackalloc byte[SignRandomLength];
        try
        {
            random.Fill(optRand);
            return SlhSigner.Sign(privateKey, [0, 0], message, optRand, parallelism);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(optRand);
        }
    }

    /// <summary>Key generation by BouncyCastle's <c>SlhDsaKeyPairGenerator</c> (the same draws and key as <see cref="GenerateKeyPair(IRandomSource)"/>), for comparison.</summary>
    internal KeyPair GenerateKeyPairWithBouncyCastle(IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var generator = new SlhDsaKeyPairGenerator();
        generator.Init(new SlhDsaKeyGenerationParameters(new RandomSourceAdapter(random), _parameters));
        Org.BouncyCastle.Crypto.AsymmetricCipherKeyPair pair = generator.GenerateKeyPair();
        return new KeyPair(
            ((SlhDsaPublicKeyParameters)pair.Public).GetEncoded(),
            SecretBytes.Own(((SlhDsaPrivateKeyParameters)pair.Private).GetEncoded()));
    }

    /// <summary>Signing by BouncyCastle's <c>SlhDsaSigner</c> (hedged, empty context; the same draw and signature as <see cref="Sign(ReadOnlySpan{byte}, ReadOnlySpan{byte}, IRandomSource)"/>), for comparison.</summary>
    internal byte[] SignWithBouncyCastle(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        PqcGuard.RequireLength(privateKey, PrivateKeyLength, Name, "private key", nameof(privateKey));

        SlhDsaPrivateKeyParameters key = DecodedPrivateKey.Decode(privateKey, encoding => SlhDsaPrivateKeyParameters.FromEncoding(_parameters, encoding));
        return PqcSignatures.Sign(new SlhDsaSigner(_parameters, deterministic: false), key, message, random);
    }

    /// <summary>
    /// FIPS 205 Alg. 24 <c>slh_verify</c>, empty context. Returns false — never throws — for a wrong-length key or
    /// signature or a bad signature; every 2n-byte string is a valid public-key encoding.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeyLength || signature.Length != SignatureLength)
        {
            return false;
        }

        return PqcSignatures.Verify(new SlhDsaSigner(_parameters, deterministic: false), SlhDsaPublicKeyParameters.FromEncoding(_parameters, publicKey.ToArray()), message, signature);
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
