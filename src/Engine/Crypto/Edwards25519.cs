using System.Security.Cryptography;
using Field = Org.BouncyCastle.Math.EC.Rfc7748.X25519Field;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// The twisted Edwards form of curve25519 (RFC 8032 §5.1: −x² + y² = 1 + d·x²·y²), just as much as the
/// libsignal <c>curve25519_sign</c> scheme needs (REFERENCE-BEHAVIOUR §5): fixed-base scalar multiplication k·B with the
/// RFC 8032 §5.1.2 point encoding and the Montgomery-u → Edwards-y birational map. Scalars mod ℓ are
/// <see cref="Scalar25519"/>'s.
/// </summary>
/// <remarks>
/// k·B follows ref10's <c>ge_scalarmult_base</c>: k (reduced mod ℓ, so below 2^253) is recoded into 64 signed radix-16
/// digits e_i ∈ [−8, 8] with k = Σ e_i·16^i; then k·B = 16·(Σ_odd e_i·16^(i−1)·B) + Σ_even e_i·16^i·B, where every
/// e_i·16^(2⌊i/2⌋)·B is read from <see cref="EdwardsBaseTable"/> in constant time: 64 mixed additions and four doublings.
/// </remarks>
internal static class Edwards25519
{
    /// <summary>Encoded length of a point or a scalar (RFC 8032 §5.1.2).</summary>
    public const int EncodedLength = 32;

    private const int Digits = 64;

    /// <summary>d = −121665/121666 (RFC 8032 §5.1).</summary>
    internal static readonly int[] D = ComputeD();

    /// <summary>2·d, the constant k of the addition formulas.</summary>
    internal static readonly int[] D2 = Double(D);

    /// <summary>
    /// Computes k·B for a 32-byte little-endian scalar k (any value below 2^256; it is reduced mod ℓ first, which does
    /// not change k·B since B has order ℓ) and writes its RFC 8032 §5.1.2 encoding: y (255 bits, little-endian) with
    /// the parity of x in bit 7 of byte 31.
    /// </summary>
    public static void ScalarMultBaseEncoded(ReadOnlySpan<byte> scalar, Span<byte> encoded)
    {
        if (scalar.Length != EncodedLength || encoded.Length != EncodedLength)
        {
            throw new ArgumentException("Scalar and encoded point must be 32 bytes.");
        }

        Span<byte> wide = stackalloc byte[Scalar25519.WideLength];
        Span<byte> reduced = stackalloc byte[Scalar25519.Length];
        Span<int> digits = stackalloc int[Digits];
        var acc = EdwardsPoint.Identity();
        var scratch = new EdwardsPoint.Scratch();
        int[] ypx = Field.Create(), ymx = Field.Create(), xy2d = Field.Create(), negated = Field.Create();
        try
        {
            scalar.CopyTo(wide);
            Scalar25519.Reduce(wide, reduced);
            RecodeSigned(reduced, digits);

            for (int i = 1; i < Digits; i += 2)
            {
                EdwardsBaseTable.Select(i >> 1, digits[i], ypx, ymx, xy2d, negated);
                acc.AddPrecomputed(ypx, ymx, xy2d, scratch);
            }

            for (int i = 0; i < 4; i++)
            {
                acc.Double(scratch);
            }

            for (int i = 0; i < Digits; i += 2)
            {
                EdwardsBaseTable.Select(i >> 1, digits[i], ypx, ymx, xy2d, negated);
                acc.AddPrecomputed(ypx, ymx, xy2d, scratch);
            }

            acc.Encode(encoded);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wide);
            CryptographicOperations.ZeroMemory(reduced);
            SecretWipe.Span(digits);
            acc.Clear();
            scratch.Clear();
            Field.Zero(ypx);
            Field.Zero(ymx);
            Field.Zero(xy2d);
            Field.Zero(negated);
        }
    }

    /// <summary>
    /// The birational map from the Montgomery u-coordinate to the Edwards y-coordinate, y = (u − 1)/(u + 1)
    /// (RFC 7748 §4.1; libsignal curve_sigs.c <c>curve25519_verify</c>). Writes y as 32 little-endian bytes with bit 255
    /// clear. Returns false for a non-canonical u (bit 255 set, or u ≥ p) and for u = p − 1, which has no image.
    /// </summary>
    public static bool TryMontgomeryUToEdwardsY(ReadOnlySpan<byte> u, Span<byte> y)
    {
        if (u.Length != EncodedLength || y.Length != EncodedLength || !IsCanonicalFieldElement(u))
        {
            return false;
        }

        int[] uPlusOne = Field.Create();
        Field.Decode255(u, uPlusOne);
        int[] uMinusOne = Field.Create();
        Field.Copy(uPlusOne, 0, uMinusOne, 0);
        Field.AddOne(uPlusOne);
        Field.SubOne(uMinusOne);

        Field.Normalize(uPlusOne);
        if (Field.IsZeroVar(uPlusOne))
        {
            return false;
        }

        int[] result = Field.Create();
        Field.Inv(uPlusOne, result);
        Field.Mul(result, uMinusOne, result);
        Field.Normalize(result);
        Field.Encode(result, y);
        return true;
    }

    /// <summary>True when the 32 little-endian bytes encode an integer below p = 2^255 − 19.</summary>
    private static bool IsCanonicalFieldElement(ReadOnlySpan<byte> x)
    {
        if (x[31] > 0x7F)
        {
            return false;
        }

        if (x[31] < 0x7F)
        {
            return true;
        }

        for (int i = 30; i >= 1; i--)
        {
            if (x[i] != 0xFF)
            {
                return true;
            }
        }

        return x[0] < 0xED;
    }

    /// <summary>
    /// Recodes a scalar below 2^255 into 64 signed radix-16 digits in [−8, 8) (the top one in [−8, 8]) with
    /// k = Σ e_i·16^i: nibbles first, then each digit ≥ 8 hands 16 to the next one. Arithmetic shifts only, no branch.
    /// </summary>
    private static void RecodeSigned(ReadOnlySpan<byte> scalar, Span<int> digits)
    {
        for (int i = 0; i < EncodedLength; i++)
        {
            digits[2 * i] = scalar[i] & 0xF;
            digits[(2 * i) + 1] = scalar[i] >> 4;
        }

        for (int i = 0; i < Digits - 1; i++)
        {
            int carry = (digits[i] + 8) >> 4;
            digits[i] -= carry << 4;
            digits[i + 1] += carry;
        }
    }

    private static int[] ComputeD()
    {
        int[] num = Field.Create(), den = Field.Create(), d = Field.Create();
        num[0] = 121665;
        den[0] = 121666;
        Field.Inv(den, d);
        Field.Mul(d, num, d);
        Field.Negate(d, d);
        Field.Normalize(d);
        return d;
    }

    private static int[] Double(int[] x)
    {
        int[] r = Field.Create();
        Field.Add(x, x, r);
        Field.Normalize(r);
        return r;
    }

    /// <summary>The base point B: y = 4/5, x the even square root (RFC 8032 §5.1).</summary>
    internal static EdwardsPoint BasePoint()
    {
        int[] y = Field.Create(), five = Field.Create(), x = Field.Create();
        five[0] = 5;
        Field.Inv(five, y);
        Field.Mul(y, 4, y);
        Field.Normalize(y);

        // x² = (y² − 1) / (d·y² + 1)
        int[] y2 = Field.Create(), u = Field.Create(), v = Field.Create();
        Field.Sqr(y, y2);
        Field.Copy(y2, 0, u, 0);
        Field.SubOne(u);
        Field.Mul(D, y2, v);
        Field.AddOne(v);
        if (!Field.SqrtRatioVar(u, v, x))
        {
            throw new InvalidOperationException("Invariant: the base point has an x-coordinate.");
        }

        Field.Normalize(x);
        if ((x[0] & 1) != 0)
        {
            Field.Negate(x, x);
            Field.Normalize(x);
        }

        var b = new EdwardsPoint();
        Field.Copy(x, 0, b.X, 0);
        Field.Copy(y, 0, b.Y, 0);
        Field.One(b.Z);
        Field.Mul(x, y, b.T);
        return b;
    }
}
