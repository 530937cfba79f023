using System.Buffers.Binary;
using System.Numerics;

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
/// Numbers are 256-bit two's complement in four little-endian words; no intermediate leaves ±2^255.
/// </remarks>
internal static class Scalar25519Basis
{
    private const int Words = 4;

    /// <summary>ℓ = 2^252 + 27742317777372353535851937790883648493 in four little-endian words.</summary>
    private static ReadOnlySpan<ulong> Order => [0x5812631A5CF5D3ED, 0x14DEF9DEA2F79CD6, 0, 0x1000000000000000];

    /// <summary>
    /// For k (32 little-endian bytes, below ℓ) writes v0 (0 ≤ v0 &lt; 2^126) and |v1| (1 ≤ |v1| &lt; 2^127) and returns
    /// whether v1 is negative; v0 ≡ k·v1 (mod ℓ).
    /// </summary>
    public static bool Reduce(ReadOnlySpan<byte> k, out UInt128 v0, out UInt128 v1Magnitude)
    {
        Span<ulong> r0 = stackalloc ulong[Words];
        Span<ulong> r1 = stackalloc ulong[Words];
        Span<ulong> t0 = stackalloc ulong[Words];
        Span<ulong> t1 = stackalloc ulong[Words];
        Span<ulong> shifted = stackalloc ulong[Words];
        Order.CopyTo(r0);
        for (int i = 0; i < Words; i++)
        {
            r1[i] = BinaryPrimitives.ReadUInt64LittleEndian(k[(8 * i)..]);
        }

        t1[0] = 1;
        while (BitLength(r1) > 126)
        {
            // r0 ← r0 mod r1, t0 ← t0 − ⌊r0/r1⌋·t1, one shifted subtraction per quotient bit.
            while (CompareUnsigned(r0, r1) >= 0)
            {
                int shift = BitLength(r0) - BitLength(r1);
                ShiftLeft(r1, shift, shifted);
                if (CompareUnsigned(shifted, r0) > 0)
                {
                    shift--;
                    ShiftLeft(r1, shift, shifted);
                }

                Subtract(r0, shifted);
                ShiftLeft(t1, shift, shifted);
                Subtract(t0, shifted);
            }

            Swap(r0, r1, shifted);
            Swap(t0, t1, shifted);
        }

        v0 = new UInt128(r1[1], r1[0]);
        bool negative = unchecked((long)t1[Words - 1]) < 0;
        if (negative)
        {
            Negate(t1);
        }

        v1Magnitude = new UInt128(t1[1], t1[0]);
        return negative;
    }

    private static int BitLength(ReadOnlySpan<ulong> x)
    {
        for (int i = Words - 1; i >= 0; i--)
        {
            if (x[i] != 0)
            {
                return (64 * i) + 64 - BitOperations.LeadingZeroCount(x[i]);
            }
        }

        return 0;
    }

    private static int CompareUnsigned(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        for (int i = Words - 1; i >= 0; i--)
        {
            if (a[i] != b[i])
            {
                return a[i] > b[i] ? 1 : -1;
            }
        }

        return 0;
    }

    /// <summary>result = x · 2^shift mod 2^256 (0 ≤ shift &lt; 256).</summary>
    private static void ShiftLeft(ReadOnlySpan<ulong> x, int shift, Span<ulong> result)
    {
        int words = shift >> 6, bits = shift & 63;
        for (int i = Words - 1; i >= 0; i--)
        {
            int source = i - words;
            ulong value = source >= 0 ? x[source] << bits : 0;
            if (bits != 0 && source >= 1)
            {
                value |= x[source - 1] >> (64 - bits);
            }

            result[i] = value;
        }
    }

    /// <summary>a ← a − b mod 2^256.</summary>
    private static void Subtract(Span<ulong> a, ReadOnlySpan<ulong> b)
    {
        unchecked
        {
            ulong borrow = 0;
            for (int i = 0; i < Words; i++)
            {
                ulong difference = a[i] - b[i] - borrow;
                borrow = (a[i] < b[i] || (a[i] == b[i] && borrow == 1)) ? 1UL : 0UL;
                a[i] = difference;
            }
        }
    }

    /// <summary>x ← −x mod 2^256.</summary>
    private static void Negate(Span<ulong> x)
    {
        unchecked
        {
            ulong carry = 1;
            for (int i = 0; i < Words; i++)
            {
                ulong value = ~x[i] + carry;
                carry = value < carry ? 1UL : 0UL;
                x[i] = value;
            }
        }
    }

    private static void Swap(Span<ulong> a, Span<ulong> b, Span<ulong> scratch)
    {
        a.CopyTo(scratch);
        b.CopyTo(a);
        scratch.CopyTo(b);
    }
}
