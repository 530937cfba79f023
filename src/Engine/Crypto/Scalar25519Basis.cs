using System.Buffers.Binary;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// Splits a public scalar k mod ℓ into two halves of about 127 bits, v0 ≡ k·v1 (mod ℓ), so a verifier can replace
/// [k]·A by [v0]·A and multiply the rest of its equation by v1: half the doublings (the lattice-basis reduction of
/// BouncyCastle's Ed25519 verification, after Pornin, "Optimized Lattice Basis Reduction In Dimension 2", 2020).
/// Variable time: for public values only.
/// </summary>
/// <remarks>
/// This is the extended Euclidean algorithm on (ℓ, k) stopped half way: remainders r_i = r_(i−2) − q_i·r_(i−1) with
/// r_0 = ℓ, r_1 = k, and cofactors t_i = t_(i−2) − q_i·t_(i−1) with t_0 = 0, t_1 = 1 keep r_i ≡ t_i·k (mod ℓ); the
/// invariant |t_i|·r_(i−1) + |t_(i−1)|·r_i = ℓ bounds |t_i| by ℓ/r_(i−1). Stopping at the first r_i below 2^126 gives
/// v0 = r_i &lt; 2^126 and 0 &lt; |v1| = |t_i| ≤ ℓ/2^126 &lt; 2^127. Each division is done by subtracting shifted copies.
/// </remarks>
internal static class Scalar25519Basis
{
    /// <summary>ℓ = 2^252 + 27742317777372353535851937790883648493: its upper and lower 128 bits.</summary>
    private static readonly UInt128 OrderHigh = new(0x1000000000000000, 0);
    private static readonly UInt128 OrderLow = new(0x14DEF9DEA2F79CD6, 0x5812631A5CF5D3ED);

    /// <summary>
    /// For k (32 little-endian bytes, below ℓ) writes v0 (0 ≤ v0 &lt; 2^126) and |v1| (1 ≤ |v1| &lt; 2^127) and returns
    /// whether v1 is negative; v0 ≡ k·v1 (mod ℓ).
    /// </summary>
    public static bool Reduce(ReadOnlySpan<byte> k, out UInt128 v0, out UInt128 v1Magnitude)
    {
        // Remainders are 256-bit (high, low); cofactors stay within ±2^127 once a quotient is complete, so they are
        // kept in Int128 and wrap harmlessly in between (the final values are exact mod 2^128 and below 2^127).
        UInt128 r0High = OrderHigh, r0Low = OrderLow;
        UInt128 r1High = BinaryPrimitives.ReadUInt128LittleEndian(k[16..]), r1Low = BinaryPrimitives.ReadUInt128LittleEndian(k);
        Int128 t0 = 0, t1 = 1;
        unchecked
        {
            while (BitLength(r1High, r1Low) > 126)
            {
                // r0 ← r0 mod r1, t0 ← t0 − ⌊r0/r1⌋·t1, one shifted subtraction per quotient bit (shifts stay below 127).
                while (Compare(r0High, r0Low, r1High, r1Low) >= 0)
                {
                    int shift = BitLength(r0High, r0Low) - BitLength(r1High, r1Low);
                    (UInt128 shiftedHigh, UInt128 shiftedLow) = ShiftLeft(r1High, r1Low, shift);
                    if (Compare(shiftedHigh, shiftedLow, r0High, r0Low) > 0)
                    {
                        shift--;
                        (shiftedHigh, shiftedLow) = ShiftLeft(r1High, r1Low, shift);
                    }

                    UInt128 borrow = r0Low < shiftedLow ? UInt128.One : UInt128.Zero;
                    r0Low -= shiftedLow;
                    r0High -= shiftedHigh + borrow;
                    t0 -= t1 << shift;
                }

                (r0High, r1High) = (r1High, r0High);
                (r0Low, r1Low) = (r1Low, r0Low);
                (t0, t1) = (t1, t0);
            }

            v0 = r1Low;
            v1Magnitude = (UInt128)(t1 < 0 ? -t1 : t1);
            return t1 < 0;
        }
    }

    private static int BitLength(UInt128 high, UInt128 low) =>
        high != 0 ? 256 - (int)UInt128.LeadingZeroCount(high) : 128 - (int)UInt128.LeadingZeroCount(low);

    private static int Compare(UInt128 aHigh, UInt128 aLow, UInt128 bHigh, UInt128 bLow) =>
        aHigh != bHigh ? aHigh.CompareTo(bHigh) : aLow.CompareTo(bLow);

    /// <summary>(high, low) · 2^shift for 0 ≤ shift &lt; 128, the bits above 2^256 dropped.</summary>
    private static (UInt128 High, UInt128 Low) ShiftLeft(UInt128 high, UInt128 low, int shift) =>
        shift == 0 ? (high, low) : ((high << shift) | (low >> (128 - shift)), low << shift);
}
