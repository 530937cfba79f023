using Field = Org.BouncyCastle.Math.EC.Rfc7748.X25519Field;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// The fixed-base table for signed radix-16 scalar multiplication k·B (the ref10 <c>ge_scalarmult_base</c> approach):
/// row i (i = 0..31) holds j·256^i·B for j = 1..8 as affine precomputed points (y+x, y−x, 2d·x·y), 30 KiB in all.
/// </summary>
/// <remarks>
/// <see cref="Select"/> reads a whole row for every digit: each entry is conditionally moved in under a mask that is
/// all-ones only for the wanted one, and a negative digit is applied by a masked swap of y+x / y−x and a masked
/// negation of 2d·x·y. No memory address depends on the digit, so the nonce and the private scalar do not leak through
/// the cache.
/// </remarks>
internal static class EdwardsBaseTable
{
    /// <summary>Rows: one per pair of radix-16 digits (64 digits of a 256-bit scalar).</summary>
    public const int Rows = 32;

    /// <summary>Entries per row: the magnitudes 1..8 of a signed digit in [−8, 8].</summary>
    public const int Entries = 8;

    private const int EntryLength = 3 * Field.Size;
    private const int RowLength = Entries * EntryLength;

    private static readonly int[] Table = Build();

    /// <summary>
    /// Writes digit·256^row·B (digit in [−8, 8]) into <paramref name="ypx"/>, <paramref name="ymx"/>,
    /// <paramref name="xy2d"/> in constant time; digit 0 gives the neutral element (1, 1, 0).
    /// </summary>
    public static void Select(int row, int digit, int[] ypx, int[] ymx, int[] xy2d, int[] scratch)
    {
        int negative = digit >> 31;                     // −1 when digit < 0, else 0
        int magnitude = (digit ^ negative) - negative;  // |digit|
        Field.One(ypx);
        Field.One(ymx);
        Field.Zero(xy2d);
        int rowOffset = row * RowLength;
        for (int j = 1; j <= Entries; j++)
        {
            int mask = ((j ^ magnitude) - 1) >> 31;     // −1 when j == |digit|, else 0
            int offset = rowOffset + ((j - 1) * EntryLength);
            Field.CMov(mask, Table, offset, ypx, 0);
            Field.CMov(mask, Table, offset + Field.Size, ymx, 0);
            Field.CMov(mask, Table, offset + (2 * Field.Size), xy2d, 0);
        }

        // −(x, y) = (−x, y): y+x and y−x trade places and 2d·x·y changes sign.
        Field.Copy(ypx, 0, scratch, 0);
        Field.CMov(negative, ymx, 0, ypx, 0);
        Field.CMov(negative, scratch, 0, ymx, 0);
        Field.Negate(xy2d, scratch);
        Field.CMov(negative, scratch, 0, xy2d, 0);
        Field.Zero(scratch);
    }

    private static int[] Build()
    {
        int[] table = new int[Rows * RowLength];
        var scratch = new EdwardsPoint.Scratch();
        int[] pYpX = Field.Create(), pYmX = Field.Create(), pZ = Field.Create(), pT2d = Field.Create();
        EdwardsPoint power = Edwards25519.BasePoint(); // 256^i · B
        var multiple = new EdwardsPoint();

        for (int i = 0; i < Rows; i++)
        {
            Field.Apm(power.Y, power.X, pYpX, pYmX);
            Field.Copy(power.Z, 0, pZ, 0);
            Field.Mul(power.T, Edwards25519.D2, pT2d);

            multiple.SetIdentity();
            for (int j = 1; j <= Entries; j++)
            {
                multiple.AddCached(pYpX, pYmX, pZ, pT2d, scratch); // j · 256^i · B
                StorePrecomputed(multiple, table, (i * RowLength) + ((j - 1) * EntryLength));
            }

            for (int doubling = 0; doubling < 8; doubling++)
            {
                power.Double(scratch);
            }
        }

        return table;
    }

    /// <summary>Writes p as the affine (y+x, y−x, 2d·x·y), each normalized, at <paramref name="offset"/>.</summary>
    private static void StorePrecomputed(EdwardsPoint p, int[] table, int offset)
    {
        int[] zInv = Field.Create(), x = Field.Create(), y = Field.Create(), xy2d = Field.Create();
        Field.Inv(p.Z, zInv);
        Field.Mul(p.X, zInv, x);
        Field.Mul(p.Y, zInv, y);
        Field.Mul(x, y, xy2d);
        Field.Mul(xy2d, Edwards25519.D2, xy2d);
        int[] ypx = Field.Create(), ymx = Field.Create();
        Field.Apm(y, x, ypx, ymx);
        Field.Normalize(ypx);
        Field.Normalize(ymx);
        Field.Normalize(xy2d);
        Field.Copy(ypx, 0, table, offset);
        Field.Copy(ymx, 0, table, offset + Field.Size);
        Field.Copy(xy2d, 0, table, offset + (2 * Field.Size));
    }
}
