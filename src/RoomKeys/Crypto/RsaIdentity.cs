using E2eeConformance.RoomKeys.Errors;
using E2eeConformance.RoomKeys.Ports;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;

namespace E2eeConformance.RoomKeys.Crypto;

/// <summary>
/// A user's RSA key pair (seed 002, "userA generates a pair of RSA key pairs … Ensure that the private key is not leaked
/// to any other operator, including the server"): the only owner of the private key. Generated from the family's
/// randomness port, 3072 bits by default; 2048 is allowed for fast scenarios, 4096 for the cautious (RK-1).
/// </summary>
public sealed class RsaIdentity
{
    /// <summary>The default key size (RK-1).</summary>
    public const int DefaultBits = 3072;

    /// <summary>The key sizes a key may have.</summary>
    public static IReadOnlyList<int> AllowedBits { get; } = [2048, 3072, 4096];

    private readonly RsaKeyParameters _private;

    private RsaIdentity(RsaKeyParameters privateKey, RsaPublicKey publicKey)
    {
        _private = privateKey;
        PublicKey = publicKey;
    }

    /// <summary>The public key the server hands to others.</summary>
    public RsaPublicKey PublicKey { get; }

    /// <summary>A new key pair of <paramref name="bits"/> bits drawn from <paramref name="random"/>.</summary>
    public static RsaIdentity Generate(IRandom random, int bits = DefaultBits)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!AllowedBits.Contains(bits))
        {
            throw new RoomKeyException(RoomKeyErrorCode.Malformed, $"an RSA key has {string.Join(", ", AllowedBits)} bits, not {bits}");
        }

        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(RsaPublicKey.Exponent), PortRandomGenerator.Over(random), bits, 100));
        AsymmetricCipherKeyPair pair = generator.GenerateKeyPair();
        return new RsaIdentity((RsaKeyParameters)pair.Private, new RsaPublicKey((RsaKeyParameters)pair.Public));
    }

    /// <summary>A key pair from its modulus, public exponent and private exponent (known-answer tests).</summary>
    internal static RsaIdentity FromComponents(byte[] modulus, byte[] publicExponent, byte[] privateExponent)
    {
        var n = new BigInteger(1, modulus);
        return new RsaIdentity(new RsaKeyParameters(true, n, new BigInteger(1, privateExponent)), new RsaPublicKey(new RsaKeyParameters(false, n, new BigInteger(1, publicExponent))));
    }

    /// <summary>
    /// Decrypts a room key sent to this user (seed 002, "Use their own RSA private key to decrypt it and obtain the
    /// original content of room_key"): <c>malformed</c> for a ciphertext of the wrong length, <c>bad_room_key</c> for any
    /// other failure, including a label of another room or generation.
    /// </summary>
    public RoomKey DecryptRoomKey(ReadOnlySpan<byte> encrypted, string roomId, uint generation)
    {
        byte[] key = RsaOaep.Decrypt(_private, encrypted, RoomKeyLabel.Of(roomId, generation));
        return key.Length == RoomKey.Length ? new RoomKey(key) : throw new RoomKeyException(RoomKeyErrorCode.BadRoomKey, $"the decrypted room key has {key.Length} bytes, not {RoomKey.Length}");
    }

    /// <summary>The private key's parameters, for the device's stored form only (Device/DeviceStateCodec.cs).</summary>
    internal RsaKeyParameters PrivateParameters => _private;

    /// <summary>A key pair from stored private parameters (CRT or not), checked like a public key from the wire (RK-1).</summary>
    internal static RsaIdentity FromPrivate(RsaKeyParameters privateKey)
    {
        RsaPublicKey publicKey = privateKey is RsaPrivateCrtKeyParameters crt
            ? RsaPublicKey.From(crt.Modulus.ToByteArrayUnsigned(), crt.PublicExponent.IntValueExact)
            : RsaPublicKey.From(privateKey.Modulus.ToByteArrayUnsigned());
        return new RsaIdentity(privateKey, publicKey);
    }

    /// <summary>
    /// A key pair from its CRT components, big-endian (vectors, Vectors/RoomKeyVectorFile.cs): they must agree with one
    /// another — n = p·q, e = 65537, e·d ≡ 1 modulo p − 1 and q − 1, dp = d mod (p − 1), dq = d mod (q − 1),
    /// qinv = q⁻¹ mod p (RFC 8017 §3.2) — and n must be a key size of RK-1; <c>malformed</c> otherwise.
    /// </summary>
    internal static RsaIdentity FromCrtComponents(byte[] n, byte[] e, byte[] d, byte[] p, byte[] q, byte[] dp, byte[] dq, byte[] qinv)
    {
        BigInteger bn = new(1, n), be = new(1, e), bd = new(1, d), bp = new(1, p), bq = new(1, q), bdp = new(1, dp), bdq = new(1, dq), bqinv = new(1, qinv);
        BigInteger two = BigInteger.Two;
        bool agree = bp.CompareTo(two) > 0 && bq.CompareTo(two) > 0 && be.Equals(BigInteger.ValueOf(RsaPublicKey.Exponent)) && bp.Multiply(bq).Equals(bn)
            && be.Multiply(bd).Mod(bp.Subtract(BigInteger.One)).Equals(BigInteger.One) && be.Multiply(bd).Mod(bq.Subtract(BigInteger.One)).Equals(BigInteger.One)
            && bd.Mod(bp.Subtract(BigInteger.One)).Equals(bdp) && bd.Mod(bq.Subtract(BigInteger.One)).Equals(bdq)
            && bqinv.CompareTo(bp) < 0 && bqinv.Multiply(bq).Mod(bp).Equals(BigInteger.One);
        if (!agree)
        {
            throw new RoomKeyException(RoomKeyErrorCode.Malformed, "the RSA key's components do not agree (n = p·q, e = 65537, e·d ≡ 1, dp, dq, qinv)");
        }

        return FromPrivate(new RsaPrivateCrtKeyParameters(bn, be, bd, bp, bq, bdp, bdq, bqinv));
    }

    /// <summary>RSA-OAEP decryption with an explicit label (known-answer tests).</summary>
    internal byte[] Decrypt(ReadOnlySpan<byte> ciphertext, byte[] label) => RsaOaep.Decrypt(_private, ciphertext, label);

    /// <inheritdoc/>
    public override string ToString() => $"RsaIdentity({PublicKey.Bits} bits)";
}
