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
/// <para>Signing is slow (about 1.5 s for the "s" parameter set); verification takes milliseconds.</para>
/// </summary>
public sealed class SlhDsa : ISignatureScheme
{
    /// <summary>SLH-DSA-SHA2-256s (FIPS 205 Table 2); ALG_TYPE_DS_SPHINCS_SHA2_256S = 85.</summary>
    public static SlhDsa SlhDsaSha2_256s { get; } = new("SLH-DSA-SHA2-256s", 85, SlhDsaParameters.slh_dsa_sha2_256s, n: 32, signatureLength: 29792);

    private readonly SlhDsaParameters _parameters;

    private SlhDsa(string name, uint algType, SlhDsaParameters parameters, int n, int signatureLength)
    {
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

    /// <summary>FIPS 205 Alg. 21 <c>slh_keygen</c>: draws SK.seed, SK.prf and PK.seed (3·n bytes) from the source.</summary>
    public KeyPair GenerateKeyPair(IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var generator = new SlhDsaKeyPairGenerator();
        generator.Init(new SlhDsaKeyGenerationParameters(new RandomSourceAdapter(random), _parameters));
        Org.BouncyCastle.Crypto.AsymmetricCipherKeyPair pair = generator.GenerateKeyPair();
        return new KeyPair(
            ((SlhDsaPublicKeyParameters)pair.Public).GetEncoded(),
            SecretBytes.Own(((SlhDsaPrivateKeyParameters)pair.Private).GetEncoded()));
    }

    /// <summary>
    /// FIPS 205 Alg. 22 <c>slh_sign</c>, hedged, empty context: opt_rand (n bytes) comes from <paramref name="random"/>.
    /// Throws <see cref="ArgumentException"/> for a wrong-length private key.
    /// </summary>
    public byte[] Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message, IRandomSource random)
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
