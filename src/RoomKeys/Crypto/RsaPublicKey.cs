using E2eeConformance.RoomKeys.Errors;
using E2eeConformance.RoomKeys.Ports;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;

namespace E2eeConformance.RoomKeys.Crypto;

/// <summary>
/// A user's RSA public key (seed 002, "sets the public_key field in the RegisterRequest to the public key"): modulus and
/// public exponent, big-endian without sign. Checked on construction (RK-1): a modulus of 2048, 3072 or 4096 bits,
/// odd, and the exponent 65537.
/// </summary>
public sealed class RsaPublicKey
{
    /// <summary>The only public exponent accepted (RK-1).</summary>
    public const int Exponent = 65537;

    internal RsaPublicKey(RsaKeyParameters parameters) => Parameters = parameters;

    internal RsaKeyParameters Parameters { get; }

    /// <summary>The key size in bits.</summary>
    public int Bits => Parameters.Modulus.BitLength;

    /// <summary>The modulus, big-endian, without a sign byte.</summary>
    public byte[] Modulus => Parameters.Modulus.ToByteArrayUnsigned();

    /// <summary>A public key from its modulus (big-endian) and exponent, checked (<c>malformed</c> otherwise).</summary>
    public static RsaPublicKey From(ReadOnlySpan<byte> modulus, int exponent = Exponent)
    {
        var n = new BigInteger(1, modulus.ToArray());
        if (!RsaIdentity.AllowedBits.Contains(n.BitLength) || !n.TestBit(0) || exponent != Exponent)
        {
            throw new RoomKeyException(RoomKeyErrorCode.Malformed, $"an RSA public key must have an odd modulus of {string.Join(", ", RsaIdentity.AllowedBits)} bits and exponent {Exponent} (found {n.BitLength} bits, exponent {exponent})");
        }

        return new RsaPublicKey(new RsaKeyParameters(false, n, BigInteger.ValueOf(exponent)));
    }

    /// <summary>
    /// Encrypts a room key for this key's owner (seed 002, "Encrypt room_key with public_key to get encrypted_room_key"):
    /// RSA-OAEP with the label binding room and generation (<see cref="RoomKeyLabel"/>).
    /// </summary>
    public byte[] EncryptRoomKey(RoomKey roomKey, string roomId, uint generation, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(roomKey);
        ArgumentNullException.ThrowIfNull(random);
        return RsaOaep.Encrypt(Parameters, roomKey.Bytes, RoomKeyLabel.Of(roomId, generation), PortRandomGenerator.Over(random));
    }

    /// <inheritdoc/>
    public override string ToString() => $"RsaPublicKey({Bits} bits)";
}
