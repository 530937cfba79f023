using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// An element of GF(p), p = 2^255 − 19 (RFC 7748 §4.1; RFC 8032 §5.1), as five unsigned limbs of 51 bits,
/// value = Σ L_i·2^(51·i): the 64-bit representation of curve25519-donna-c64 and ref10's "fe51". A value type with no
/// heap allocation; limb products are 64×64 → 128-bit and 2^255 ≡ 19 folds the upper half of a product back.
/// </summary>
/// <remarks>
/// <para>
/// Bounds: every operation accepts limbs below 2^54 and returns limbs below 2^52 (all but <see cref="AddNoCarry"/>,
/// whose result is only to be multiplied), so the result of any operation can be fed to any other. A value is not unique: <see cref="WriteBytes"/> gives the canonical encoding (the integer in [0, p)).
/// A product column is kept as low + high·2^51 (each 128-bit limb product split at bit 51), see
/// <see cref="CarryColumns"/> for why neither half overflows.
/// </para>
/// <para>
/// Constant time: no operation branches on, compares, or indexes memory by a limb; carries are shifts and masks, the
/// upper half of a limb product is one MULX (x64 with BMI2) or UMULH (Arm64) instruction, and selection is by masks
/// (<see cref="Select"/>). All arithmetic is <c>unchecked</c>: the bounds above keep it exact.
/// </para>
/// </remarks>
internal readonly struct FieldElement51
{
    /// <summary>Length of an encoded element (RFC 7748 §5, RFC 8032 §5.1.2: 32 little-endian bytes).</summary>
    public const int EncodedLength = 32;

    private const ulong Mask51 = (1UL << 51) - 1;

    /// <summary>16·p limb by limb (limb 0 is 16·(2^51 − 19), the others 16·(2^51 − 1)): added before a subtraction.</summary>
    private const ulong SixteenP0 = 0x7FFFFFFFFFFED0;
    private const ulong SixteenPi = 0x7FFFFFFFFFFFF0;

    /// <summary>Limb 0 (bits 0–50).</summary>
    public readonly ulong L0;

    /// <summary>Limb 1 (bits 51–101).</summary>
    public readonly ulong L1;

    /// <summary>Limb 2 (bits 102–152).</summary>
    public readonly ulong L2;

    /// <summary>Limb 3 (bits 153–203).</summary>
    public readonly ulong L3;

    /// <summary>Limb 4 (bits 204–254).</summary>
    public readonly ulong L4;

    /// <summary>An element from its five limbs (each below 2^54).</summary>
    public FieldElement51(ulong l0, ulong l1, ulong l2, ulong l3, ulong l4)
    {
        L0 = l0;
        L1 = l1;
        L2 = l2;
        L3 = l3;
        L4 = l4;
    }

    /// <summary>0.</summary>
    public static FieldElement51 Zero => default;

    /// <summary>1.</summary>
    public static FieldElement51 One => new(1, 0, 0, 0, 0);

    /// <summary>
    /// Decodes 32 little-endian bytes, ignoring bit 255 (RFC 7748 §5 <c>decodeUCoordinate</c>, RFC 8032 §5.1.3 step 1).
    /// A non-canonical value (2^255 − 19 … 2^255 − 1) is kept as it is and behaves as its residue mod p.
    /// </summary>
    public static FieldElement51 FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != EncodedLength)
        {
            throw new ArgumentException($"A field element is {EncodedLength} bytes, got {bytes.Length}.", nameof(bytes));
        }

        return FromWords(
            BinaryPrimitives.ReadUInt64LittleEndian(bytes),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]));
    }

    /// <summary>The element whose 256-bit little-endian value is w0 + w1·2^64 + w2·2^128 + w3·2^192, bit 255 ignored.</summary>
    public static FieldElement51 FromWords(ulong w0, ulong w1, ulong w2, ulong w3)
    {
        unchecked
        {
            return new FieldElement51(
                w0 & Mask51,
                ((w0 >> 51) | (w1 << 13)) & Mask51,
                ((w1 >> 38) | (w2 << 26)) & Mask51,
                ((w2 >> 25) | (w3 << 39)) & Mask51,
                (w3 >> 12) & Mask51);
        }
    }

    /// <summary>Writes the canonical encoding: the integer in [0, p) as 32 little-endian bytes, bit 255 clear.</summary>
    public void WriteBytes(Span<byte> bytes)
    {
        if (bytes.Length != EncodedLength)
        {
            throw new ArgumentException($"A field element is {EncodedLength} bytes, got {bytes.Length}.", nameof(bytes));
        }

        ToCanonicalWords(out ulong w0, out ulong w1, out ulong w2, out ulong w3);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, w0);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], w1);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[16..], w2);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[24..], w3);
    }

    /// <summary>
    /// The canonical value in four 64-bit words. After a carry pass the value h is below 2p, so q = ⌊(h + 19)/2^255⌋ is 1
    /// exactly when h ≥ p (the carry chain computes that floor limb by limb); h − q·p = h + 19q − q·2^255 is then
    /// the low 255 bits of h + 19q.
    /// </summary>
    public void ToCanonicalWords(out ulong w0, out ulong w1, out ulong w2, out ulong w3)
    {
        FieldElement51 h = Carry(L0, L1, L2, L3, L4);
        unchecked
        {
            ulong q = (h.L0 + 19) >> 51;
            q = (h.L1 + q) >> 51;
            q = (h.L2 + q) >> 51;
            q = (h.L3 + q) >> 51;
            q = (h.L4 + q) >> 51;

            ulong l0 = h.L0 + (19 * q);
            ulong l1 = h.L1 + (l0 >> 51);
            l0 &= Mask51;
            ulong l2 = h.L2 + (l1 >> 51);
            l1 &= Mask51;
            ulong l3 = h.L3 + (l2 >> 51);
            l2 &= Mask51;
            ulong l4 = h.L4 + (l3 >> 51);
            l3 &= Mask51;
            l4 &= Mask51;

            w0 = l0 | (l1 << 51);
            w1 = (l1 >> 13) | (l2 << 38);
            w2 = (l2 >> 26) | (l3 << 25);
            w3 = (l3 >> 39) | (l4 << 12);
        }
    }

    /// <summary>1 when the canonical value is odd ("negative", the x sign bit of RFC 8032 §5.1.2), else 0.</summary>
    public int IsNegative()
    {
        ToCanonicalWords(out ulong w0, out _, out _, out _);
        return (int)(w0 & 1);
    }

    /// <summary>Whether the element is 0 mod p: an OR over the canonical words, no early exit.</summary>
    public bool IsZero()
    {
        ToCanonicalWords(out ulong w0, out ulong w1, out ulong w2, out ulong w3);
        return (w0 | w1 | w2 | w3) == 0;
    }

    /// <summary>Whether the two elements are equal mod p (compares canonical encodings; public data only).</summary>
    public bool EqualsVar(in FieldElement51 other) => (this - other).IsZero();

    /// <summary>a + b (limbs carried, below 2^52).</summary>
    public static FieldElement51 operator +(in FieldElement51 a, in FieldElement51 b)
    {
        unchecked
        {
            return Carry(a.L0 + b.L0, a.L1 + b.L1, a.L2 + b.L2, a.L3 + b.L3, a.L4 + b.L4);
        }
    }

    /// <summary>
    /// a + b limb by limb without the carry pass, for the point formulas: with both inputs below 2^53 the limbs stay below
    /// 2^54, so the sum is a valid input to <c>*</c>, <see cref="Square"/> and the carried operators, but must not be
    /// added again without a carry.
    /// </summary>
    public static FieldElement51 AddNoCarry(in FieldElement51 a, in FieldElement51 b)
    {
        unchecked
        {
            return new FieldElement51(a.L0 + b.L0, a.L1 + b.L1, a.L2 + b.L2, a.L3 + b.L3, a.L4 + b.L4);
        }
    }

    /// <summary>a − b, computed as a + 16p − b (every limb of 16p exceeds 2^54 &gt; b_i) and carried.</summary>
    public static FieldElement51 operator -(in FieldElement51 a, in FieldElement51 b)
    {
        unchecked
        {
            return Carry(
                a.L0 + SixteenP0 - b.L0,
                a.L1 + SixteenPi - b.L1,
                a.L2 + SixteenPi - b.L2,
                a.L3 + SixteenPi - b.L3,
                a.L4 + SixteenPi - b.L4);
        }
    }

    /// <summary>−a, computed as 16p − a and carried.</summary>
    public static FieldElement51 operator -(in FieldElement51 a)
    {
        unchecked
        {
            return Carry(SixteenP0 - a.L0, SixteenPi - a.L1, SixteenPi - a.L2, SixteenPi - a.L3, SixteenPi - a.L4);
        }
    }

    /// <summary>
    /// a·b mod p: the schoolbook product of the limbs with the terms of weight 2^255 and above folded back times 19
    /// (b_i·19 is precomputed), then one carry chain.
    /// </summary>
    public static FieldElement51 operator *(in FieldElement51 a, in FieldElement51 b)
    {
        unchecked
        {
            ulong b1x19 = b.L1 * 19, b2x19 = b.L2 * 19, b3x19 = b.L3 * 19, b4x19 = b.L4 * 19;
            ulong low0 = 0, low1 = 0, low2 = 0, low3 = 0, low4 = 0, high0 = 0, high1 = 0, high2 = 0, high3 = 0, high4 = 0;
            Accumulate(ref low0, ref high0, a.L0, b.L0);
            Accumulate(ref low0, ref high0, a.L1, b4x19);
            Accumulate(ref low0, ref high0, a.L2, b3x19);
            Accumulate(ref low0, ref high0, a.L3, b2x19);
            Accumulate(ref low0, ref high0, a.L4, b1x19);
            Accumulate(ref low1, ref high1, a.L0, b.L1);
            Accumulate(ref low1, ref high1, a.L1, b.L0);
            Accumulate(ref low1, ref high1, a.L2, b4x19);
            Accumulate(ref low1, ref high1, a.L3, b3x19);
            Accumulate(ref low1, ref high1, a.L4, b2x19);
            Accumulate(ref low2, ref high2, a.L0, b.L2);
            Accumulate(ref low2, ref high2, a.L1, b.L1);
            Accumulate(ref low2, ref high2, a.L2, b.L0);
            Accumulate(ref low2, ref high2, a.L3, b4x19);
            Accumulate(ref low2, ref high2, a.L4, b3x19);
            Accumulate(ref low3, ref high3, a.L0, b.L3);
            Accumulate(ref low3, ref high3, a.L1, b.L2);
            Accumulate(ref low3, ref high3, a.L2, b.L1);
            Accumulate(ref low3, ref high3, a.L3, b.L0);
            Accumulate(ref low3, ref high3, a.L4, b4x19);
            Accumulate(ref low4, ref high4, a.L0, b.L4);
            Accumulate(ref low4, ref high4, a.L1, b.L3);
            Accumulate(ref low4, ref high4, a.L2, b.L2);
            Accumulate(ref low4, ref high4, a.L3, b.L1);
            Accumulate(ref low4, ref high4, a.L4, b.L0);
            return CarryColumns(low0, high0, low1, high1, low2, high2, low3, high3, low4, high4);
        }
    }

    /// <summary>a² mod p: the 15 distinct limb products, doubled or times 19 where the square has them twice or wraps.</summary>
    public FieldElement51 Square()
    {
        unchecked
        {
            ulong a0 = L0, a1 = L1, a2 = L2, a3 = L3, a4 = L4;
            ulong a3x19 = a3 * 19, a4x19 = a4 * 19;
            ulong a0x2 = a0 * 2, a1x2 = a1 * 2, a2x2 = a2 * 2, a3x2 = a3 * 2;
            ulong low0 = 0, low1 = 0, low2 = 0, low3 = 0, low4 = 0, high0 = 0, high1 = 0, high2 = 0, high3 = 0, high4 = 0;
            Accumulate(ref low0, ref high0, a0, a0);
            Accumulate(ref low0, ref high0, a1x2, a4x19);
            Accumulate(ref low0, ref high0, a2x2, a3x19);
            Accumulate(ref low1, ref high1, a0x2, a1);
            Accumulate(ref low1, ref high1, a2x2, a4x19);
            Accumulate(ref low1, ref high1, a3, a3x19);
            Accumulate(ref low2, ref high2, a0x2, a2);
            Accumulate(ref low2, ref high2, a1, a1);
            Accumulate(ref low2, ref high2, a3x2, a4x19);
            Accumulate(ref low3, ref high3, a0x2, a3);
            Accumulate(ref low3, ref high3, a1x2, a2);
            Accumulate(ref low3, ref high3, a4, a4x19);
            Accumulate(ref low4, ref high4, a0x2, a4);
            Accumulate(ref low4, ref high4, a1x2, a3);
            Accumulate(ref low4, ref high4, a2, a2);
            return CarryColumns(low0, high0, low1, high1, low2, high2, low3, high3, low4, high4);
        }
    }

    /// <summary>
    /// a·c mod p for a small constant c below 2^17 (the a24 = 121665 of the X25519 ladder, RFC 7748 §5): each limb
    /// product (below 2^71) splits at bit 51 and its upper part (below 2^20) moves into the next limb, times 19 from
    /// limb 4 into limb 0, so the limbs stay below 2^51 + 2^25.
    /// </summary>
    public FieldElement51 MultiplySmall(uint factor)
    {
        unchecked
        {
            ulong c = factor;
            ulong p0 = L0 * c, p1 = L1 * c, p2 = L2 * c, p3 = L3 * c, p4 = L4 * c;
            ulong h0 = (MultiplyHigh(L0, c) << 13) | (p0 >> 51);
            ulong h1 = (MultiplyHigh(L1, c) << 13) | (p1 >> 51);
            ulong h2 = (MultiplyHigh(L2, c) << 13) | (p2 >> 51);
            ulong h3 = (MultiplyHigh(L3, c) << 13) | (p3 >> 51);
            ulong h4 = (MultiplyHigh(L4, c) << 13) | (p4 >> 51);
            return new FieldElement51((p0 & Mask51) + (h4 * 19), (p1 & Mask51) + h0, (p2 & Mask51) + h1, (p3 & Mask51) + h2, (p4 & Mask51) + h3);
        }
    }

    /// <summary>a^(2^n) for n ≥ 1: n squarings (the runs of an exponentiation chain).</summary>
    public FieldElement51 SquareTimes(int n)
    {
        FieldElement51 r = Square();
        for (int i = 1; i < n; i++)
        {
            r = r.Square();
        }

        return r;
    }

    /// <summary><paramref name="b"/> when <paramref name="mask"/> is all ones, <paramref name="a"/> when it is 0 (no branch).</summary>
    public static FieldElement51 Select(in FieldElement51 a, in FieldElement51 b, ulong mask) =>
        new(
            a.L0 ^ (mask & (a.L0 ^ b.L0)),
            a.L1 ^ (mask & (a.L1 ^ b.L1)),
            a.L2 ^ (mask & (a.L2 ^ b.L2)),
            a.L3 ^ (mask & (a.L3 ^ b.L3)),
            a.L4 ^ (mask & (a.L4 ^ b.L4)));

    /// <summary>One carry pass: every limb below 2^64 in, limb 0 below 2^51 + 19·2^13 and the others below 2^51 + 2^13 out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FieldElement51 Carry(ulong l0, ulong l1, ulong l2, ulong l3, ulong l4)
    {
        unchecked
        {
            return new FieldElement51(
                (l0 & Mask51) + ((l4 >> 51) * 19),
                (l1 & Mask51) + (l0 >> 51),
                (l2 & Mask51) + (l1 >> 51),
                (l3 & Mask51) + (l2 >> 51),
                (l4 & Mask51) + (l3 >> 51));
        }
    }

    /// <summary>
    /// Adds the 128-bit product x·y to a column kept as low + high·2^51: its low 51 bits to low, the rest (the product
    /// shifted right by 51) to high. No carry flag and no compare: the column's exact value is the sum of the two.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(ref ulong low, ref ulong high, ulong x, ulong y)
    {
        unchecked
        {
            ulong productLow = x * y;
            low += productLow & Mask51;
            high += (MultiplyHigh(x, y) << 13) | (productLow >> 51);
        }
    }

    /// <summary>The upper 64 bits of the 128-bit product (one MULX or UMULH where the CPU has it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MultiplyHigh(ulong x, ulong y)
    {
        if (Bmi2.X64.IsSupported)
        {
            return Bmi2.X64.MultiplyNoFlags(x, y);
        }

        return ArmBase.Arm64.IsSupported ? ArmBase.Arm64.MultiplyHigh(x, y) : Math.BigMul(x, y, out _);
    }

    /// <summary>
    /// The carry chain of a product: column k is low_k + high_k·2^51 with low_k &lt; 5·2^51 and high_k &lt; 77·2^57
    /// &lt; 2^63.3. With limbs below 2^54 a limb product contributes below 2^57 to high, one with a factor 19 below 19·2^57
    /// (a doubled one in a square below 2·19·2^57); column 0 sums at most 1 + 4·19 = 77 such units, the others fewer.
    /// Each column's value ≫ 51 moves into the next, and the top carry (below 5·2^57 + 2^11 &lt; 2^59.4: column 4 has no
    /// factor 19) comes back times 19 into limb 0, below 2^63.6.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FieldElement51 CarryColumns(
        ulong low0, ulong high0, ulong low1, ulong high1, ulong low2, ulong high2, ulong low3, ulong high3, ulong low4, ulong high4)
    {
        unchecked
        {
            high0 += low0 >> 51;
            low1 += high0;
            high1 += low1 >> 51;
            low2 += high1;
            high2 += low2 >> 51;
            low3 += high2;
            high3 += low3 >> 51;
            low4 += high3;
            high4 += low4 >> 51;
            ulong r0 = (low0 & Mask51) + (high4 * 19);
            ulong r1 = (low1 & Mask51) + (r0 >> 51);
            return new FieldElement51(r0 & Mask51, r1, low2 & Mask51, low3 & Mask51, low4 & Mask51);
        }
    }
}
