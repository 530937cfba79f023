using E2eeConformance.Mpenc.Errors;
using X25519 = Org.BouncyCastle.Math.EC.Rfc7748.X25519;

namespace E2eeConformance.Mpenc.Gka;

/// <summary>
/// The DH exponentiation of the group key agreement (seed 003 §5.2.1: CLIQUES with x25519): an intermediate key is a
/// Montgomery u-coordinate, a private key contribution 32 random bytes, and exponentiation the X25519 function, which
/// clamps the scalar (why contributions are kept one by one and never multiplied together: §5.2.1 "Updating Private Key
/// Contributions").
/// </summary>
internal static class Curve
{
    /// <summary>The length of a contribution and of an intermediate key.</summary>
    public const int KeyLength = 32;

    /// <summary>G, the base point (u = 9): the first participant's initial intermediate key.</summary>
    public static byte[] BasePoint()
    {
        byte[] g = new byte[KeyLength];
        g[0] = 9;
        return g;
    }

    /// <summary>X25519(<paramref name="scalar"/>, <paramref name="point"/>); an all-zero result (a small-order point) is refused.</summary>
    public static byte[] Multiply(ReadOnlySpan<byte> scalar, ReadOnlySpan<byte> point)
    {
        if (scalar.Length != KeyLength || point.Length != KeyLength)
        {
            throw new MpencException(MpencErrorCode.Malformed, $"an intermediate key is {KeyLength} bytes, not {point.Length}");
        }

        byte[] result = new byte[KeyLength];
        X25519.ScalarMult(scalar.ToArray(), 0, point.ToArray(), 0, result, 0);
        if (result.AsSpan().IndexOfAnyExcept((byte)0) < 0)
        {
            throw new MpencException(MpencErrorCode.DegenerateKey, "the intermediate key is a point of small order");
        }

        return result;
    }

    /// <summary>Every contribution of <paramref name="contributions"/> applied to <paramref name="point"/>, in order.</summary>
    public static byte[] MultiplyAll(IEnumerable<byte[]> contributions, ReadOnlySpan<byte> point)
    {
        byte[] value = point.ToArray();
        foreach (byte[] x in contributions)
        {
            value = Multiply(x, value);
        }

        return value;
    }
}
