using System.Buffers.Binary;
using System.Security.Cryptography;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// The twisted Edwards form of curve25519 (RFC 8032 §5.1: −x² + y² = 1 + d·x²·y²), as much as the libsignal
/// <c>curve25519_sign</c> scheme needs (REFERENCE-BEHAVIOUR §5): fixed-base scalar multiplication k·B with the
/// RFC 8032 §5.1.2 point encoding, and the signer's Edwards key from its Montgomery u. Scalars mod ℓ are
/// <see cref="Scalar25519"/>'s, field elements <see cref="FieldElement51"/>'s, points <see cref="EdwardsPoint"/>'s.
/// </summary>
/// <remarks>
/// k·B is the fixed-window method of ref10's <c>ge_scalarmult_base</c> with 6-bit windows and no doubling: k (reduced
/// mod ℓ, so below 2^253) is recoded into 43 signed digits e_i ∈ [−32, 32) (the top one in [0, 2]) with
/// k = Σ e_i·2^(6i); then k·B = Σ e_i·2^(6i)·B, every term read from <see cref="EdwardsBaseTable"/> in constant time:
/// 43 mixed additions (7M each) and one constant-time inversion for the encoding.
/// </remarks>
internal static class Edwards25519
{
    /// <summary>Encoded length of a point or a scalar (RFC 8032 §5.1.2).</summary>
    public const int EncodedLength = 32;

    private const int DigitMask = (1 << EdwardsBaseTable.WindowBits) - 1;
    private const int HalfRadix = 1 << (EdwardsBaseTable.WindowBits - 1);

    /// <summary>
    /// Computes k·B for a 32-byte little-endian scalar k (any value below 2^256; it is reduced mod ℓ first, which does
    /// not change k·B since B has order ℓ) and writes its RFC 8032 §5.1.2 encoding: y (255 bits, little-endian) with
    /// the parity of x in bit 7 of byte 31. Constant time in k; every secret temporary is wiped.
    /// </summary>
    public static void ScalarMultBaseEncoded(ReadOnlySpan<byte> scalar, Span<byte> encoded)
    {
        if (scalar.Length != EncodedLength || encoded.Length != EncodedLength)
        {
            throw new ArgumentException("Scalar and encoded point must be 32 bytes.");
        }

        EdwardsPoint point = ScalarMultBase(scalar);
        try
        {
            point.Encode(encoded);
        }
        finally
        {
            SecretWipe.Value(ref point);
        }
    }

    /// <summary>
    /// The X25519 public key of a clamped private key k (RFC 7748 §5: X25519(k, 9)) through the Edwards fixed-base
    /// multiplication: u = (1 + y)/(1 − y) = (Z + Y)/(Z − Y) for k·B (the birational map of RFC 7748 §4.1; u = 9 is the
    /// image of B), written canonically little-endian. Constant time in k. The caller clamps k (a clamped k is never
    /// a multiple of ℓ, so Z − Y ≠ 0); the result equals the Montgomery ladder's byte for byte.
    /// </summary>
    public static void ScalarMultBaseMontgomeryU(ReadOnlySpan<byte> scalar, Span<byte> u)
    {
        if (scalar.Length != EncodedLength || u.Length != EncodedLength)
        {
            throw new ArgumentException("Scalar and u must be 32 bytes.");
        }

        EdwardsPoint point = ScalarMultBase(scalar);
        FieldElement51 denominator = default, value = default;
        try
        {
            denominator = FieldElement51Powers.Invert(point.Z - point.Y);
            value = (point.Z + point.Y) * denominator;
            value.WriteBytes(u);
        }
        finally
        {
            SecretWipe.Value(ref point);
            SecretWipe.Value(ref denominator);
            SecretWipe.Value(ref value);
        }
    }

    /// <summary>
    /// k·B for a 32-byte little-endian scalar (reduced mod ℓ first): a signed 6-bit fixed-window walk over the table's
    /// rows, one mixed addition a row, no doubling. Constant time in k; the temporaries are wiped.
    /// </summary>
    private static EdwardsPoint ScalarMultBase(ReadOnlySpan<byte> scalar)
    {
        Span<byte> wide = stackalloc byte[Scalar25519.WideLength];
        Span<int> digits = stackalloc int[EdwardsBaseTable.Rows];
        EdwardsPoint accumulator = EdwardsPoint.Identity;
        EdwardsAffineNielsPoint term = default;
        try
        {
            scalar.CopyTo(wide);
            Scalar25519.Reduce(wide, wide[..Scalar25519.Length]);
            wide[Scalar25519.Length..].Clear();
            RecodeSigned(wide, digits);

            for (int i = 0; i < EdwardsBaseTable.Rows; i++)
            {
                term = EdwardsBaseTable.Select(i, digits[i]);
                accumulator = accumulator.Add(term).ToExtended();
            }

            return accumulator;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wide);
            SecretWipe.Span(digits);
            SecretWipe.Value(ref term);
        }
    }

    /// <summary>
    /// The Edwards public key of a curve25519 signer from its Montgomery u (libsignal curve_sigs.c
    /// <c>curve25519_verify</c>): y = (u − 1)/(u + 1) (RFC 7748 §4.1) written canonically with <paramref name="sign"/>
    /// as bit 255 into <paramref name="encoded"/>, and the point (x, y) with x² = (y² − 1)/(d·y² + 1) of that parity
    /// (RFC 8032 §5.1.3). Variable time (public keys only). False for a non-canonical u (bit 255 set, or u ≥ p), for
    /// u = p − 1 (no image), for u = 0 (y = −1, the point of order 2, which verification rejects anyway) and when
    /// there is no such x.
    /// </summary>
    /// <remarks>
    /// One exponentiation gives both the inverse and the root. With W = u + 1, N = −4u, D = d·(u − 1)² + (u + 1)²,
    /// x² = N/D, and I = 1/sqrt(N·D·W²) (a square exactly when N/D is; nonzero since u ≠ 0, W ≠ 0 and D ≠ 0, −1/d being
    /// no square): then 1/W = I²·N·D·W, so y = (u − 1)·I²·N·D·W, and x = ±I·N·W since (I·N·W)² = N/D.
    /// </remarks>
    public static bool TryDecodeMontgomeryKeyVar(ReadOnlySpan<byte> u, int sign, Span<byte> encoded, out EdwardsPoint point)
    {
        point = default;
        if (u.Length != EncodedLength || encoded.Length != EncodedLength || !IsCanonicalFieldElement(u))
        {
            return false;
        }

        FieldElement51 value = FieldElement51.FromBytes(u);
        FieldElement51 w = value + FieldElement51.One;
        if (value.IsZero() || w.IsZero())
        {
            return false;
        }

        FieldElement51 uMinusOne = value - FieldElement51.One;
        FieldElement51 twiceU = value + value;
        FieldElement51 n = -(twiceU + twiceU);
        FieldElement51 d = (EdwardsPoint.D * uMinusOne.Square()) + w.Square();
        FieldElement51 nw = n * w;
        if (!FieldElement51Powers.SqrtRatioVar(FieldElement51.One, nw * w * d, out FieldElement51 inverseRoot))
        {
            return false;
        }

        FieldElement51 y = uMinusOne * inverseRoot.Square() * nw * d;
        FieldElement51 x = inverseRoot * nw;
        if (x.IsNegative() != sign)
        {
            x = -x;
        }

        y.WriteBytes(encoded);
        encoded[31] |= (byte)(sign << 7);
        point = new EdwardsPoint(x, y, FieldElement51.One, x * y);
        return true;
    }

    /// <summary>True when the 32 little-endian bytes encode an integer below p = 2^255 − 19 (bit 255 clear).</summary>
    private static bool IsCanonicalFieldElement(ReadOnlySpan<byte> x) => x[31] < 0x80 && EdwardsPoint.IsCanonicalY(x);

    /// <summary>
    /// Recodes a reduced scalar (below 2^253, in the low 32 of the zero-padded bytes) into signed radix-2^6 digits
    /// e_i ∈ [−32, 32) with the top one in [0, 2] and k = Σ e_i·2^(6i): 6-bit windows first, then each digit ≥ 32
    /// hands 64 to the next one. Arithmetic shifts only, no branch, no index that depends on the scalar.
    /// </summary>
    private static void RecodeSigned(ReadOnlySpan<byte> padded, Span<int> digits)
    {
        for (int i = 0; i < digits.Length; i++)
        {
            int bit = i * EdwardsBaseTable.WindowBits;
            digits[i] = (int)((BinaryPrimitives.ReadUInt64LittleEndian(padded[(bit >> 3)..]) >> (bit & 7)) & DigitMask);
        }

        for (int i = 0; i < digits.Length - 1; i++)
        {
            int carry = (digits[i] + HalfRadix) >> EdwardsBaseTable.WindowBits;
            digits[i] -= carry << EdwardsBaseTable.WindowBits;
            digits[i + 1] += carry;
        }
    }
}
