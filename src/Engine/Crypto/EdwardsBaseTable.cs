using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// The fixed-base table for k·B with signed radix-2^6 digits, one row per digit so that no doubling is needed (the
/// fixed-window method of ref10's <c>ge_scalarmult_base</c>, with wider windows and without its four doublings): row i
/// (i = 0 … 42) holds j·2^(6i)·B for j = 1 … 32 as affine (y + x, y − x, 2d·x·y), each coordinate as its canonical
/// 256-bit value in four words; 43 × 32 × 96 bytes = 129 KiB, built on first use.
/// </summary>
/// <remarks>
/// <see cref="Select"/> reads a whole row for every digit: each entry is AND-ed with a mask that is all ones only for the
/// wanted magnitude and OR-ed in (three 256-bit vectors per entry), and a negative digit swaps y + x / y − x and negates
/// 2d·x·y by masks. No memory address and no branch depends on the digit, so the nonce and the private scalar do not
/// leak through the cache or the branch predictor.
/// </remarks>
internal static class EdwardsBaseTable
{
    /// <summary>Bits per signed digit.</summary>
    public const int WindowBits = 6;

    /// <summary>Rows: one per digit of a scalar below 2^253 (⌈253/6⌉; the top digit is at most 2).</summary>
    public const int Rows = 43;

    /// <summary>Entries per row: the magnitudes 1 … 32 of a digit in [−32, 32].</summary>
    public const int Entries = 1 << (WindowBits - 1);

    private const int WordsPerCoordinate = 4;
    private const int EntryWords = 3 * WordsPerCoordinate;
    private const int RowWords = Entries * EntryWords;

    private static readonly ulong[] Table = Build();

    /// <summary>
    /// digit·2^(6·row)·B for digit in [−32, 32] in constant time; digit 0 gives the neutral element (1, 1, 0).
    /// </summary>
    public static EdwardsAffineNielsPoint Select(int row, int digit)
    {
        unchecked
        {
            int negative = digit >> 31;                      // −1 when digit < 0, else 0
            int magnitude = (digit ^ negative) - negative;   // |digit|
            Vector256<ulong> yPlusX = Vector256<ulong>.Zero, yMinusX = Vector256<ulong>.Zero, xy2d = Vector256<ulong>.Zero;
            ref ulong table = ref MemoryMarshal.GetArrayDataReference(Table);
            nuint offset = (nuint)(row * RowWords);
            for (int j = 1; j <= Entries; j++, offset += EntryWords)
            {
                var mask = Vector256.Create((ulong)(long)(((j ^ magnitude) - 1) >> 31)); // all ones when j == |digit|
                yPlusX |= Vector256.LoadUnsafe(ref table, offset) & mask;
                yMinusX |= Vector256.LoadUnsafe(ref table, offset + WordsPerCoordinate) & mask;
                xy2d |= Vector256.LoadUnsafe(ref table, offset + (2 * WordsPerCoordinate)) & mask;
            }

            Vector256<ulong> one = Vector256.Create(1UL, 0, 0, 0) & Vector256.Create((ulong)(long)((magnitude - 1) >> 31));
            yPlusX |= one;
            yMinusX |= one;

            // −(x, y) = (−x, y): y + x and y − x trade places and 2d·x·y changes sign.
            var swap = Vector256.Create((ulong)(long)negative);
            FieldElement51 product = Unpack(xy2d);
            return new EdwardsAffineNielsPoint(
                Unpack(Vector256.ConditionalSelect(swap, yMinusX, yPlusX)),
                Unpack(Vector256.ConditionalSelect(swap, yPlusX, yMinusX)),
                FieldElement51.Select(product, -product, (ulong)(long)negative));
        }
    }

    private static FieldElement51 Unpack(Vector256<ulong> words) =>
        FieldElement51.FromWords(words.GetElement(0), words.GetElement(1), words.GetElement(2), words.GetElement(3));

    private static ulong[] Build()
    {
        ulong[] table = new ulong[Rows * RowWords];
        EdwardsPoint power = EdwardsPoint.BasePoint(); // 2^(6i)·B
        for (int i = 0; i < Rows; i++)
        {
            EdwardsProjectiveNielsPoint step = power.ToProjectiveNiels();
            EdwardsPoint multiple = power;
            for (int j = 0; j < Entries; j++)
            {
                Store(multiple.ToAffineNielsVar(), table.AsSpan((i * RowWords) + (j * EntryWords), EntryWords));
                multiple = multiple.Add(step).ToExtended(); // (j + 2)·2^(6i)·B
            }

            EdwardsProjectivePoint doubled = power.ToProjective();
            for (int d = 0; d < WindowBits - 1; d++)
            {
                doubled = doubled.Double().ToProjective();
            }

            power = doubled.Double().ToExtended();
        }

        return table;
    }

    private static void Store(in EdwardsAffineNielsPoint p, Span<ulong> entry)
    {
        p.YPlusX.ToCanonicalWords(out entry[0], out entry[1], out entry[2], out entry[3]);
        p.YMinusX.ToCanonicalWords(out entry[4], out entry[5], out entry[6], out entry[7]);
        p.XY2d.ToCanonicalWords(out entry[8], out entry[9], out entry[10], out entry[11]);
    }
}
