using System.Numerics;
using System.Security.Cryptography;
using Field = Org.BouncyCastle.Math.EC.Rfc7748.X25519Field;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// The twisted Edwards form of curve25519 (RFC 8032 §5.1: −x² + y² = 1 + d·x²·y²), just as much as the
/// libsignal <c>curve25519_sign</c> scheme needs (REFERENCE-BEHAVIOUR §5): fixed-base scalar multiplication k·B with the
/// RFC 8032 §5.1.2 point encoding, the Montgomery-u → Edwards-y birational map, and scalar reduction mod L.
/// </summary>
/// <remarks>
/// Field arithmetic is BouncyCastle's public <c>Rfc7748.X25519Field</c> (radix 2^25.5, ten limbs). Points are kept in
/// extended coordinates (X:Y:Z:T), x = X/Z, y = Y/Z, x·y = T/Z, and added with the complete unified formula of
/// Hisil–Wong–Carter–Dawson 2008 §3.1 (a = −1), so no doubling or exceptional case is needed.
/// k·B is a fixed-window comb: a table holds j·16^i·B (i = 0..63, j = 0..15) and k·B = Σ table[i][nibble_i(k)],
/// 64 additions whose table look-ups scan every entry with a constant-time conditional move.
/// </remarks>
internal static class Edwards25519
{
    /// <summary>Encoded length of a point or a scalar (RFC 8032 §5.1.2).</summary>
    public const int EncodedLength = 32;

    private const int Windows = 64;
    private const int Entries = 16;

    /// <summary>A table entry in "cached" form: Y+X, Y−X, Z, 2d·T (each <see cref="Field.Size"/> limbs).</summary>
    private const int EntryLength = 4 * Field.Size;

    /// <summary>The group order L = 2^252 + 27742317777372353535851937790883648493 (RFC 8032 §5.1).</summary>
    private static readonly BigInteger L =
        BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>d = −121665/121666 (RFC 8032 §5.1).</summary>
    private static readonly int[] D = ComputeD();

    /// <summary>2·d, the constant k of the addition formula.</summary>
    private static readonly int[] D2 = Double(D);

    private static readonly int[] BaseTable = BuildBaseTable();

    /// <summary>
    /// Computes k·B for a 32-byte little-endian scalar k (any value below 2^256, not reduced) and writes its
    /// RFC 8032 §5.1.2 encoding: y (255 bits, little-endian) with the parity of x in bit 7 of byte 31.
    /// </summary>
    public static void ScalarMultBaseEncoded(ReadOnlySpan<byte> scalar, Span<byte> encoded)
    {
        if (scalar.Length != EncodedLength || encoded.Length != EncodedLength)
        {
            throw new ArgumentException("Scalar and encoded point must be 32 bytes.");
        }

        var acc = ExtendedPoint.Identity();
        var temps = new Temps();
        int[] ypx = Field.Create(), ymx = Field.Create(), z = Field.Create(), t2d = Field.Create();
        int[] table = BaseTable;

        for (int i = 0; i < Windows; i++)
        {
            int digit = (scalar[i >> 1] >> ((i & 1) * 4)) & 0xF;
            int windowOffset = i * Entries * EntryLength;

            // Entry 0 is the neutral element; overwrite with entry j when j == digit, scanning all entries.
            SetCachedIdentity(ypx, ymx, z, t2d);
            for (int j = 1; j < Entries; j++)
            {
                int mask = ((j ^ digit) - 1) >> 31; // −1 when j == digit, else 0
                int offset = windowOffset + (j * EntryLength);
                Field.CMov(mask, table, offset, ypx, 0);
                Field.CMov(mask, table, offset + Field.Size, ymx, 0);
                Field.CMov(mask, table, offset + (2 * Field.Size), z, 0);
                Field.CMov(mask, table, offset + (3 * Field.Size), t2d, 0);
            }

            AddCached(acc, ypx, ymx, z, t2d, acc, temps);
        }

        Encode(acc, encoded);
        acc.Clear();
        temps.Clear();
        Field.Zero(ypx);
        Field.Zero(ymx);
        Field.Zero(z);
        Field.Zero(t2d);
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

    /// <summary>Reduces a little-endian integer (e.g. a 64-byte SHA-512 output) mod L into a 32-byte scalar.</summary>
    public static void ReduceScalar(ReadOnlySpan<byte> value, Span<byte> scalar) =>
        WriteScalar(new BigInteger(value, isUnsigned: true, isBigEndian: false) % L, scalar);

    /// <summary>S = (r + h·a) mod L for little-endian integers r, h, a (RFC 8032 §5.1.6 step 5; ref10 <c>sc_muladd</c>).</summary>
    public static void MulAddScalar(ReadOnlySpan<byte> h, ReadOnlySpan<byte> a, ReadOnlySpan<byte> r, Span<byte> scalar)
    {
        var hv = new BigInteger(h, isUnsigned: true, isBigEndian: false);
        var av = new BigInteger(a, isUnsigned: true, isBigEndian: false);
        var rv = new BigInteger(r, isUnsigned: true, isBigEndian: false);
        WriteScalar(((hv * av) + rv) % L, scalar);
    }

    private static void WriteScalar(BigInteger value, Span<byte> scalar)
    {
        scalar.Clear();
        if (!value.TryWriteBytes(scalar, out _, isUnsigned: true, isBigEndian: false))
        {
            throw new InvalidOperationException("Invariant: a scalar mod L fits in 32 bytes.");
        }
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

    private static void Encode(ExtendedPoint p, Span<byte> encoded)
    {
        int[] zInv = Field.Create(), x = Field.Create(), y = Field.Create();
        Field.Inv(p.Z, zInv);
        Field.Mul(p.X, zInv, x);
        Field.Mul(p.Y, zInv, y);
        Field.Normalize(x);
        Field.Normalize(y);
        Field.Encode(y, encoded);
        encoded[31] |= (byte)((x[0] & 1) << 7);
        Field.Zero(zInv);
        Field.Zero(x);
        Field.Zero(y);
    }

    /// <summary>
    /// r = p + q with q in cached form, HWCD 2008 "add-2008-hwcd-3" (a = −1, k = 2d), 8M; complete on edwards25519.
    /// r may be the same object as p.
    /// </summary>
    private static void AddCached(ExtendedPoint p, int[] qYpX, int[] qYmX, int[] qZ, int[] qT2d, ExtendedPoint r, Temps t)
    {
        Field.Apm(p.Y, p.X, t.B, t.A);    // B = Y1 + X1, A = Y1 − X1
        Field.Mul(t.A, qYmX, t.A);        // A = (Y1 − X1)(Y2 − X2)
        Field.Mul(t.B, qYpX, t.B);        // B = (Y1 + X1)(Y2 + X2)
        Field.Mul(p.T, qT2d, t.C);        // C = T1 · 2d · T2
        Field.Add(p.Z, p.Z, t.D);
        Field.Mul(t.D, qZ, t.D);          // D = 2 Z1 Z2
        Field.Apm(t.B, t.A, t.H, t.E);    // H = B + A, E = B − A
        Field.Apm(t.D, t.C, t.G, t.F);    // G = D + C, F = D − C
        Field.Mul(t.E, t.F, r.X);
        Field.Mul(t.G, t.H, r.Y);
        Field.Mul(t.F, t.G, r.Z);
        Field.Mul(t.E, t.H, r.T);
    }

    private static void SetCachedIdentity(int[] ypx, int[] ymx, int[] z, int[] t2d)
    {
        Field.One(ypx);
        Field.One(ymx);
        Field.One(z);
        Field.Zero(t2d);
    }

    /// <summary>Writes p in cached form (Y+X, Y−X, Z, 2d·T) at <paramref name="offset"/> of <paramref name="table"/>.</summary>
    private static void StoreCached(ExtendedPoint p, int[] table, int offset)
    {
        Field.Normalize(p.X);
        Field.Normalize(p.Y);
        Field.Normalize(p.Z);
        Field.Normalize(p.T);
        int[] ypx = Field.Create(), ymx = Field.Create(), t2d = Field.Create();
        Field.Apm(p.Y, p.X, ypx, ymx);
        Field.Mul(p.T, D2, t2d);
        Field.Copy(ypx, 0, table, offset);
        Field.Copy(ymx, 0, table, offset + Field.Size);
        Field.Copy(p.Z, 0, table, offset + (2 * Field.Size));
        Field.Copy(t2d, 0, table, offset + (3 * Field.Size));
    }

    private static void LoadCached(int[] table, int offset, int[] ypx, int[] ymx, int[] z, int[] t2d)
    {
        Field.Copy(table, offset, ypx, 0);
        Field.Copy(table, offset + Field.Size, ymx, 0);
        Field.Copy(table, offset + (2 * Field.Size), z, 0);
        Field.Copy(table, offset + (3 * Field.Size), t2d, 0);
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
    private static ExtendedPoint BasePoint()
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

        var b = new ExtendedPoint();
        Field.Copy(x, 0, b.X, 0);
        Field.Copy(y, 0, b.Y, 0);
        Field.One(b.Z);
        Field.Mul(x, y, b.T);
        return b;
    }

    private static int[] BuildBaseTable()
    {
        int[] table = new int[Windows * Entries * EntryLength];
        var temps = new Temps();
        int[] pYpX = Field.Create(), pYmX = Field.Create(), pZ = Field.Create(), pT2d = Field.Create();
        var p = BasePoint(); // 16^i · B
        var acc = new ExtendedPoint();
        var scratch = new int[EntryLength];

        for (int i = 0; i < Windows; i++)
        {
            int windowOffset = i * Entries * EntryLength;
            StoreCached(p, scratch, 0);
            LoadCached(scratch, 0, pYpX, pYmX, pZ, pT2d);

            acc.SetIdentity();
            StoreCached(acc, table, windowOffset);
            for (int j = 1; j < Entries; j++)
            {
                AddCached(acc, pYpX, pYmX, pZ, pT2d, acc, temps); // acc = j · 16^i · B
                StoreCached(acc, table, windowOffset + (j * EntryLength));
            }

            AddCached(acc, pYpX, pYmX, pZ, pT2d, p, temps); // p = 16 · 16^i · B
        }

        CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(scratch.AsSpan()));
        return table;
    }

    private sealed class ExtendedPoint
    {
        public int[] X { get; } = Field.Create();

        public int[] Y { get; } = Field.Create();

        public int[] Z { get; } = Field.Create();

        public int[] T { get; } = Field.Create();

        public static ExtendedPoint Identity()
        {
            var p = new ExtendedPoint();
            p.SetIdentity();
            return p;
        }

        public void SetIdentity()
        {
            Field.Zero(X);
            Field.One(Y);
            Field.One(Z);
            Field.Zero(T);
        }

        public void Clear()
        {
            Field.Zero(X);
            Field.Zero(Y);
            Field.Zero(Z);
            Field.Zero(T);
        }
    }

    private sealed class Temps
    {
        public int[] A { get; } = Field.Create();

        public int[] B { get; } = Field.Create();

        public int[] C { get; } = Field.Create();

        public int[] D { get; } = Field.Create();

        public int[] E { get; } = Field.Create();

        public int[] F { get; } = Field.Create();

        public int[] G { get; } = Field.Create();

        public int[] H { get; } = Field.Create();

        public void Clear()
        {
            Array.Clear(A);
            Array.Clear(B);
            Array.Clear(C);
            Array.Clear(D);
            Array.Clear(E);
            Array.Clear(F);
            Array.Clear(G);
            Array.Clear(H);
        }
    }
}
