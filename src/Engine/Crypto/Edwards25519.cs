using System.Buffers.Binary;
using System.Security.Cryptography;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// The twisted Edwards form of curve25519 (RFC 8032 §5.1: −x² + y² = 1 + d·x²·y²), as much as the libsignal
/// <c>curve25519_sign</c> scheme needs (REFERENCE-BEHAVIOUR §5): fixed-base scalar multiplication k·B with the
/// RFC 8032 §5.1.2 point encoding, and the Montgomery-u → Edwards-y birational map. Scalars mod ℓ are
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

            accumulator.Encode(encoded);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wide);
            SecretWipe.Span(digits);
            SecretWipe.Value(ref accumulator);
            SecretWipe.Value(ref term);
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

        FieldElement51 value = FieldElement51.FromBytes(u);
        FieldElement51 uPlusOne = value + FieldElement51.One;
        if (uPlusOne.IsZero())
        {
            return false;
        }

        ((value - FieldElement51.One) * FieldElement51Powers.InvertVar(uPlusOne)).WriteBytes(y);
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
