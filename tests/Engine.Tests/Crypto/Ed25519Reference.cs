using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;

namespace E2eeConformance.Engine.Tests.Crypto;

/// <summary>
/// A slow, plain model of edwards25519 on <see cref="BigInteger"/> (RFC 8032 §5.1): extended coordinates with the
/// complete unified addition, double-and-add, the §5.1.2 encoding and the §5.1.3 decoding, the birational maps to and
/// from the Montgomery u (RFC 7748 §4.1), and libsignal's <c>curve25519_sign</c> written from REFERENCE-BEHAVIOUR §5.
/// An oracle for the engine's fast constant-time code; nothing here is constant time.
/// </summary>
internal static class Ed25519Reference
{
    public static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;

    public static readonly BigInteger L =
        BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", CultureInfo.InvariantCulture);

    public static readonly BigInteger D = Mod(-121665 * Inverse(121666));

    public static readonly BigInteger SqrtMinusOne = BigInteger.ModPow(2, (P - 1) / 4, P);

    /// <summary>The base point B (RFC 8032 §5.1): y = 4/5, x even.</summary>
    public static readonly Point B = Decode(Convert.FromHexString("5866666666666666666666666666666666666666666666666666666666666666"))!.Value;

    /// <summary>The neutral element (0, 1).</summary>
    public static readonly Point Identity = new(0, 1, 1, 0);

    /// <summary>A point of order 8 (the y of BouncyCastle's Order8_y1, x even).</summary>
    public static readonly Point Torsion8 = FromAffineY(
        BigInteger.Parse("55188659117513257062467267217118295137698188065244968500265048394206261417927", CultureInfo.InvariantCulture));

    private static readonly Point[] BasePowers = ComputeBasePowers();

    /// <summary>A point in extended coordinates: x = X/Z, y = Y/Z, x·y = T/Z.</summary>
    public readonly record struct Point(BigInteger X, BigInteger Y, BigInteger Z, BigInteger T)
    {
        public BigInteger AffineX => Mod(X * Inverse(Z));

        public BigInteger AffineY => Mod(Y * Inverse(Z));

        public bool IsIdentity => Mod(X) == 0 && Mod(Y - Z) == 0;
    }

    public static BigInteger Mod(BigInteger x)
    {
        BigInteger r = x % P;
        return r.Sign < 0 ? r + P : r;
    }

    public static BigInteger ModL(BigInteger x)
    {
        BigInteger r = x % L;
        return r.Sign < 0 ? r + L : r;
    }

    public static BigInteger Inverse(BigInteger x) => BigInteger.ModPow(Mod(x), P - 2, P);

    /// <summary>The complete unified addition (HWCD 2008, a = −1, "add-2008-hwcd-3").</summary>
    public static Point Add(Point p, Point q)
    {
        BigInteger a = Mod((p.Y - p.X) * (q.Y - q.X));
        BigInteger b = Mod((p.Y + p.X) * (q.Y + q.X));
        BigInteger c = Mod(2 * D * p.T * q.T);
        BigInteger d = Mod(2 * p.Z * q.Z);
        BigInteger e = b - a, f = d - c, g = d + c, h = b + a;
        return new Point(Mod(e * f), Mod(g * h), Mod(f * g), Mod(e * h));
    }

    public static Point Negate(Point p) => new(Mod(-p.X), p.Y, p.Z, Mod(-p.T));

    /// <summary>k·P by double-and-add for k ≥ 0 (any size).</summary>
    public static Point Multiply(BigInteger k, Point p)
    {
        Point result = Identity;
        Point addend = p;
        while (k > 0)
        {
            if (!k.IsEven)
            {
                result = Add(result, addend);
            }

            addend = Add(addend, addend);
            k >>= 1;
        }

        return result;
    }

    /// <summary>k·B for k ≥ 0, reduced mod ℓ first (B has order ℓ), from the table of 2^i·B.</summary>
    public static Point MultiplyBase(BigInteger k)
    {
        k = ModL(k);
        Point result = Identity;
        for (int i = 0; k > 0; i++, k >>= 1)
        {
            if (!k.IsEven)
            {
                result = Add(result, BasePowers[i]);
            }
        }

        return result;
    }

    /// <summary>RFC 8032 §5.1.2: y little-endian, the parity of x in bit 255.</summary>
    public static byte[] Encode(Point p)
    {
        byte[] bytes = ToBytes(p.AffineY);
        bytes[31] |= (byte)(p.AffineX.IsEven ? 0 : 0x80);
        return bytes;
    }

    /// <summary>RFC 8032 §5.1.3, strict: null for y ≥ p, for a y with no x, and for x = 0 with the sign bit set.</summary>
    public static Point? Decode(ReadOnlySpan<byte> encoded)
    {
        byte[] copy = encoded.ToArray();
        bool sign = (copy[31] & 0x80) != 0;
        copy[31] &= 0x7F;
        BigInteger y = FromBytes(copy);
        if (y >= P)
        {
            return null;
        }

        BigInteger? x = RecoverX(y, sign);
        return x is null ? null : new Point(x.Value, y, 1, Mod(x.Value * y));
    }

    /// <summary>The Edwards y of a Montgomery u: (u − 1)/(u + 1); null for u = −1.</summary>
    public static BigInteger? MontgomeryToEdwardsY(BigInteger u) => Mod(u + 1) == 0 ? null : Mod((u - 1) * Inverse(u + 1));

    /// <summary>The Montgomery u of an Edwards point: (1 + y)/(1 − y); null for y = 1 (the neutral element).</summary>
    public static BigInteger? EdwardsToMontgomeryU(Point p)
    {
        BigInteger y = p.AffineY;
        return y == 1 ? null : Mod((1 + y) * Inverse(1 - y));
    }

    public static BigInteger FromBytes(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: false);

    public static byte[] ToBytes(BigInteger value)
    {
        byte[] bytes = new byte[32];
        value.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false).Should().BeTrue();
        return bytes;
    }

    /// <summary>
    /// libsignal <c>curve25519_sign</c> (REFERENCE-BEHAVIOUR §5): A = a·B, r = SHA-512(0xFE ‖ 0xFF×31 ‖ a ‖ M ‖ Z) mod ℓ,
    /// R = r·B, h = SHA-512(R ‖ A ‖ M) mod ℓ, S = (r + h·a) mod ℓ, R ‖ S with the sign bit of A in bit 511.
    /// </summary>
    public static byte[] Sign(byte[] privateKey, byte[] message, byte[] z)
    {
        BigInteger a = FromBytes(privateKey);
        byte[] publicA = Encode(MultiplyBase(a));
        byte[] prefix = Enumerable.Repeat((byte)0xFF, 32).ToArray();
        prefix[0] = 0xFE;
        BigInteger r = ModL(FromBytes(SHA512.HashData([.. prefix, .. privateKey, .. message, .. z])));
        byte[] bigR = Encode(MultiplyBase(r));
        byte[] signature = [.. bigR, .. ToBytes(ModL(r + (Challenge(bigR, publicA, message) * a)))];
        signature[63] |= (byte)(publicA[31] & 0x80);
        return signature;
    }

    /// <summary>h = SHA-512(R ‖ A ‖ M) mod ℓ (RFC 8032 §5.1.6 step 4, §5.1.7 step 2).</summary>
    public static BigInteger Challenge(byte[] bigR, byte[] publicA, byte[] message) =>
        ModL(FromBytes(SHA512.HashData([.. bigR, .. publicA, .. message])));

    /// <summary>
    /// What <c>Curve25519Signature.Verify</c> decided before the fast verifier: y = (u − 1)/(u + 1) for a canonical u,
    /// the sign bit moved from the signature to the key, then BouncyCastle's RFC 8032 Ed25519 verification.
    /// </summary>
    public static bool VerifyThroughBouncyCastle(byte[] publicKey, byte[] message, byte[] signature)
    {
        if (publicKey.Length != 32 || signature.Length != 64 || (publicKey[31] & 0x80) != 0 || FromBytes(publicKey) >= P)
        {
            return false;
        }

        BigInteger? y = MontgomeryToEdwardsY(FromBytes(publicKey));
        if (y is null)
        {
            return false;
        }

        byte[] edwardsKey = ToBytes(y.Value);
        edwardsKey[31] |= (byte)(signature[63] & 0x80);
        byte[] plain = (byte[])signature.Clone();
        plain[63] &= 0x7F;
        return Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Verify(plain, 0, edwardsKey, 0, message, 0, message.Length);
    }

    private static BigInteger? RecoverX(BigInteger y, bool sign)
    {
        BigInteger u = Mod((y * y) - 1);
        BigInteger v = Mod((D * y * y) + 1);
        BigInteger x2 = Mod(u * Inverse(v));
        BigInteger x = BigInteger.ModPow(x2, (P + 3) / 8, P);
        if (Mod((x * x) - x2) != 0)
        {
            x = Mod(x * SqrtMinusOne);
        }

        if (Mod((x * x) - x2) != 0 || (x == 0 && sign))
        {
            return null;
        }

        return x.IsEven == sign ? Mod(-x) : x;
    }

    private static Point FromAffineY(BigInteger y)
    {
        BigInteger x = RecoverX(y, sign: false)!.Value;
        return new Point(x, y, 1, Mod(x * y));
    }

    private static Point[] ComputeBasePowers()
    {
        var powers = new Point[256];
        powers[0] = B;
        for (int i = 1; i < powers.Length; i++)
        {
            powers[i] = Add(powers[i - 1], powers[i - 1]);
        }

        return powers;
    }
}
