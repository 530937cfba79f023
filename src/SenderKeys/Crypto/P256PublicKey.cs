using System.Security.Cryptography;
using E2eeConformance.SenderKeys.Errors;

namespace E2eeConformance.SenderKeys.Crypto;

/// <summary>
/// A device's public identity key (seed 004, "Public key discovery": ECDH P-256): a point of P-256 in uncompressed
/// SEC1 form, 0x04 ‖ X ‖ Y (65 bytes). Decision SK-1: only this form is accepted, and every key that arrives (from
/// the server's key discovery or in a message) is checked to be on the curve before it is used; the point at infinity
/// has no uncompressed encoding, so it is refused with the rest (<c>invalid_point</c>).
/// </summary>
public sealed class P256PublicKey : IEquatable<P256PublicKey>
{
    /// <summary>The length of the encoding.</summary>
    public const int Length = 65;

    private readonly byte[] _encoded;

    private P256PublicKey(byte[] encoded) => _encoded = encoded;

    /// <summary>The 65-byte encoding.</summary>
    public ReadOnlySpan<byte> Encoded => _encoded;

    /// <summary>Checks and wraps an encoded point; <c>malformed</c> for a wrong length, <c>invalid_point</c> for a point not on P-256.</summary>
    public static P256PublicKey Parse(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length != Length)
        {
            throw new SenderKeyException(SenderKeyErrorCode.Malformed, $"a P-256 public key is {Length} bytes (0x04 ‖ X ‖ Y), found {encoded.Length}");
        }

        if (encoded[0] != 0x04)
        {
            throw new SenderKeyException(SenderKeyErrorCode.InvalidPoint, $"a P-256 public key starts with 0x04 (uncompressed), found 0x{encoded[0]:x2}");
        }

        var key = new P256PublicKey(encoded.ToArray());
        try
        {
            using ECDiffieHellman imported = key.Import();
        }
        catch (CryptographicException)
        {
            throw new SenderKeyException(SenderKeyErrorCode.InvalidPoint, "the public key is not a point of P-256");
        }

        return key;
    }

    /// <summary>The point as .NET parameters.</summary>
    internal ECParameters Parameters => new()
    {
        Curve = ECCurve.NamedCurves.nistP256,
        Q = new ECPoint { X = _encoded[1..33], Y = _encoded[33..] },
    };

    /// <summary>An ECDH object of the point (the caller disposes it).</summary>
    internal ECDiffieHellman Import() => ECDiffieHellman.Create(Parameters);

    /// <summary>The encoding as lower-case hex.</summary>
    public string ToHex() => Convert.ToHexStringLower(_encoded);

    /// <inheritdoc/>
    public bool Equals(P256PublicKey? other) => other is not null && _encoded.AsSpan().SequenceEqual(other._encoded);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is P256PublicKey other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_encoded[1], _encoded[2], _encoded[33], _encoded[34]);

    /// <inheritdoc/>
    public override string ToString() => $"P256PublicKey({Convert.ToHexStringLower(_encoded.AsSpan(1, 8))}…)";
}
