using E2eeConformance.RoomKeys.Crypto;
using E2eeConformance.RoomKeys.Errors;
using Google.Protobuf;

namespace E2eeConformance.RoomKeys.Wire;

/// <summary>RSA public keys to and from their wire form (<c>RsaPublicKeyMsg</c>), checked on the way in (RK-1).</summary>
public static class WireKeys
{
    /// <summary>The wire form of <paramref name="key"/>.</summary>
    public static RsaPublicKeyMsg ToWire(RsaPublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new RsaPublicKeyMsg { Modulus = ByteString.CopyFrom(key.Modulus), Exponent = RsaPublicKey.Exponent };
    }

    /// <summary>A public key read from the wire: <c>malformed</c> when missing or not an allowed key.</summary>
    public static RsaPublicKey FromWire(RsaPublicKeyMsg? key) =>
        key is null
            ? throw new RoomKeyException(RoomKeyErrorCode.Malformed, "a public key is missing")
            : RsaPublicKey.From(key.Modulus.Span, key.Exponent > int.MaxValue ? 0 : (int)key.Exponent);
}
