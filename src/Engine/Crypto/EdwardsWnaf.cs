namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// The width-w non-adjacent form of a public scalar below 2^128 (Hankerson–Menezes–Vanstone, "Guide to Elliptic Curve
/// Cryptography", Algorithm 3.35): digits d_i ∈ {0, ±1, ±3, …, ±(2^(w−1) − 1)} with k = Σ d_i·2^i and at most one
/// nonzero digit in any w consecutive ones, so a multiplication needs about 128/(w + 1) additions of odd multiples.
/// Variable time: for public scalars only (verification).
/// </summary>
internal static class EdwardsWnaf
{
    /// <summary>Digits a 128-bit scalar can need (one more than its bits).</summary>
    public const int MaxDigits = 129;

    /// <summary>
    /// Writes the width-<paramref name="width"/> NAF of <paramref name="scalar"/> into <paramref name="digits"/> (at least
    /// <see cref="MaxDigits"/> long; cleared first) and returns the number of digits up to the last nonzero one.
    /// </summary>
    public static int Recode(UInt128 scalar, int width, Span<sbyte> digits)
    {
        digits.Clear();
        int window = 1 << width;
        int half = window >> 1;
        ulong low = unchecked((ulong)scalar), high = unchecked((ulong)(scalar >> 64)), top = 0;
        int count = 0;
        unchecked
        {
            for (int i = 0; (low | high | top) != 0; i++)
            {
                if ((low & 1) != 0)
                {
                    int digit = (int)(low & (ulong)(window - 1));
                    if (digit >= half)
                    {
                        digit -= window;
                    }

                    // k ← k − digit: the low bits equal the digit mod 2^w, so a positive one never borrows and a negative
                    // one clears them with a carry upwards.
                    if (digit > 0)
                    {
                        low -= (ulong)digit;
                    }
                    else
                    {
                        ulong before = low;
                        low += (ulong)(-digit);
                        if (low < before && ++high == 0)
                        {
                            top++;
                        }
                    }

                    digits[i] = (sbyte)digit;
                    count = i + 1;
                }

                low = (low >> 1) | (high << 63);
                high = (high >> 1) | (top << 63);
                top >>= 1;
            }
        }

        return count;
    }
}
