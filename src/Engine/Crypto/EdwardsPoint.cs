using Field = Org.BouncyCastle.Math.EC.Rfc7748.X25519Field;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// A point of edwards25519 (RFC 8032 §5.1: −x² + y² = 1 + d·x²·y²) in extended coordinates (X:Y:Z:T) with x = X/Z,
/// y = Y/Z, x·y = T/Z (Hisil–Wong–Carter–Dawson 2008 §3), and the three formulas signing needs: the complete unified
/// addition (with a point in "cached" form Y+X, Y−X, Z, 2d·T), the mixed addition (with an affine "precomputed" point
/// y+x, y−x, 2d·x·y, ref10's <c>ge_precomp</c>) and doubling. Field arithmetic is BouncyCastle's
/// <c>Rfc7748.X25519Field</c> (radix 2^25.5, ten limbs); none of the formulas branches on a coordinate.
/// </summary>
internal sealed class EdwardsPoint
{
    /// <summary>X coordinate (projective).</summary>
    public int[] X { get; } = Field.Create();

    /// <summary>Y coordinate (projective).</summary>
    public int[] Y { get; } = Field.Create();

    /// <summary>Z coordinate (projective).</summary>
    public int[] Z { get; } = Field.Create();

    /// <summary>T = X·Y/Z.</summary>
    public int[] T { get; } = Field.Create();

    /// <summary>A new neutral element (0, 1).</summary>
    public static EdwardsPoint Identity()
    {
        var p = new EdwardsPoint();
        p.SetIdentity();
        return p;
    }

    /// <summary>Sets this point to the neutral element (0 : 1 : 1 : 0).</summary>
    public void SetIdentity()
    {
        Field.Zero(X);
        Field.One(Y);
        Field.One(Z);
        Field.Zero(T);
    }

    /// <summary>Zeroes every coordinate (the accumulator of a secret scalar multiplication).</summary>
    public void Clear()
    {
        Field.Zero(X);
        Field.Zero(Y);
        Field.Zero(Z);
        Field.Zero(T);
    }

    /// <summary>
    /// this += q with q in cached form (Y+X, Y−X, Z, 2d·T): HWCD 2008 "add-2008-hwcd-3" (a = −1, k = 2d), 8M, complete
    /// on edwards25519 (d is not a square), so it also doubles and accepts the neutral element.
    /// </summary>
    public void AddCached(int[] qYpX, int[] qYmX, int[] qZ, int[] qT2d, Scratch t)
    {
        Field.Apm(Y, X, t.B, t.A);      // B = Y1 + X1, A = Y1 − X1
        Field.Mul(t.A, qYmX, t.A);      // A = (Y1 − X1)(Y2 − X2)
        Field.Mul(t.B, qYpX, t.B);      // B = (Y1 + X1)(Y2 + X2)
        Field.Mul(T, qT2d, t.C);        // C = T1 · 2d · T2
        Field.Add(Z, Z, t.D);
        Field.Mul(t.D, qZ, t.D);        // D = 2 Z1 Z2
        Finish(t);
    }

    /// <summary>
    /// this += q with q affine in precomputed form (y+x, y−x, 2d·x·y): the same formula with Z2 = 1
    /// ("madd-2008-hwcd-3"), 7M. The neutral element is (1, 1, 0).
    /// </summary>
    public void AddPrecomputed(int[] qYpX, int[] qYmX, int[] qXY2d, Scratch t)
    {
        Field.Apm(Y, X, t.B, t.A);
        Field.Mul(t.A, qYmX, t.A);
        Field.Mul(t.B, qYpX, t.B);
        Field.Mul(T, qXY2d, t.C);
        Field.Add(Z, Z, t.D);           // D = 2 Z1
        Finish(t);
    }

    /// <summary>
    /// this = 2·this, HWCD 2008 "dbl-2008-hwcd" (a = −1), 4M + 4S, written with every intermediate negated
    /// (e = −E, f = −F, g = −G, h = −H) so that the products keep their sign and T is not read.
    /// </summary>
    public void Double(Scratch t)
    {
        Field.Sqr(X, t.A);              // A = X²
        Field.Sqr(Y, t.B);              // B = Y²
        Field.Sqr(Z, t.C);
        Field.Add(t.C, t.C, t.C);       // C = 2 Z²
        Field.Apm(t.A, t.B, t.H, t.G);  // h = A + B, g = A − B
        Field.Add(X, Y, t.E);
        Field.Sqr(t.E, t.E);
        Field.Sub(t.H, t.E, t.E);       // e = A + B − (X + Y)² = −2XY
        Field.Add(t.C, t.G, t.F);       // f = C + A − B
        Field.Carry(t.F);
        Field.Mul(t.E, t.F, X);
        Field.Mul(t.G, t.H, Y);
        Field.Mul(t.F, t.G, Z);
        Field.Mul(t.E, t.H, T);
    }

    /// <summary>Copies <paramref name="source"/> into this point.</summary>
    public void Set(EdwardsPoint source)
    {
        Field.Copy(source.X, 0, X, 0);
        Field.Copy(source.Y, 0, Y, 0);
        Field.Copy(source.Z, 0, Z, 0);
        Field.Copy(source.T, 0, T, 0);
    }

    /// <summary>
    /// Writes the RFC 8032 §5.1.2 encoding: y (255 bits, little-endian) with the parity of x in bit 7 of byte 31.
    /// </summary>
    public void Encode(Span<byte> encoded)
    {
        int[] zInv = Field.Create(), x = Field.Create(), y = Field.Create();
        Field.Inv(Z, zInv);
        Field.Mul(X, zInv, x);
        Field.Mul(Y, zInv, y);
        Field.Normalize(x);
        Field.Normalize(y);
        Field.Encode(y, encoded);
        encoded[31] |= (byte)((x[0] & 1) << 7);
        Field.Zero(zInv);
        Field.Zero(x);
        Field.Zero(y);
    }

    /// <summary>Second half of both additions: E, F, G, H from A, B, C, D, then X3 = EF, Y3 = GH, Z3 = FG, T3 = EH.</summary>
    private void Finish(Scratch t)
    {
        Field.Apm(t.B, t.A, t.H, t.E);  // H = B + A, E = B − A
        Field.Apm(t.D, t.C, t.G, t.F);  // G = D + C, F = D − C
        Field.Carry(t.G);
        Field.Carry(t.F);
        Field.Mul(t.E, t.F, X);
        Field.Mul(t.G, t.H, Y);
        Field.Mul(t.F, t.G, Z);
        Field.Mul(t.E, t.H, T);
    }

    /// <summary>Field temporaries for the formulas; cleared after a secret computation.</summary>
    internal sealed class Scratch
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
