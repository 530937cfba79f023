namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// A "completed" point ((X : Z), (Y : T)) with x = X/Z and y = Y/T: what an addition or a doubling yields before its last
/// multiplications (ref10 <c>ge_p1p1</c>). Converting to <see cref="EdwardsPoint"/> costs 4M, to
/// <see cref="EdwardsProjectivePoint"/> 3M, so a chain of doublings never computes the T it does not need.
/// </summary>
internal readonly struct EdwardsCompletedPoint(in FieldElement51 x, in FieldElement51 y, in FieldElement51 z, in FieldElement51 t)
{
    public readonly FieldElement51 X = x;
    public readonly FieldElement51 Y = y;
    public readonly FieldElement51 Z = z;
    public readonly FieldElement51 T = t;

    /// <summary>(X·T : Y·Z : Z·T : X·Y), ref10 <c>ge_p1p1_to_p3</c>.</summary>
    public EdwardsPoint ToExtended() => new(X * T, Y * Z, Z * T, X * Y);

    /// <summary>(X·T : Y·Z : Z·T), ref10 <c>ge_p1p1_to_p2</c>.</summary>
    public EdwardsProjectivePoint ToProjective() => new(X * T, Y * Z, Z * T);
}

/// <summary>A projective point (X : Y : Z), x = X/Z, y = Y/Z (ref10 <c>ge_p2</c>): enough to double.</summary>
internal readonly struct EdwardsProjectivePoint(in FieldElement51 x, in FieldElement51 y, in FieldElement51 z)
{
    public readonly FieldElement51 X = x;
    public readonly FieldElement51 Y = y;
    public readonly FieldElement51 Z = z;

    /// <summary>
    /// 2·P, ref10 <c>ge_p2_dbl</c> ("dbl-2008-hwcd" with a = −1), 4S: with XX = X², YY = Y², the result is
    /// x = ((X + Y)² − YY − XX) / (YY − XX), y = (YY + XX) / (2Z² − (YY − XX)).
    /// </summary>
    public EdwardsCompletedPoint Double()
    {
        FieldElement51 xx = X.Square();
        FieldElement51 yy = Y.Square();
        FieldElement51 zz = Z.Square();
        FieldElement51 zz2 = FieldElement51.AddNoCarry(zz, zz);
        FieldElement51 sum = FieldElement51.AddNoCarry(yy, xx);
        FieldElement51 difference = yy - xx;
        return new EdwardsCompletedPoint(FieldElement51.AddNoCarry(X, Y).Square() - sum, sum, difference, zz2 - difference);
    }
}

/// <summary>
/// An affine point in the form additions read fastest (ref10 <c>ge_precomp</c>): (y + x, y − x, 2d·x·y). The neutral
/// element is (1, 1, 0) and −P is (y − x, y + x, −2d·x·y).
/// </summary>
internal readonly struct EdwardsAffineNielsPoint(in FieldElement51 yPlusX, in FieldElement51 yMinusX, in FieldElement51 xy2d)
{
    public readonly FieldElement51 YPlusX = yPlusX;
    public readonly FieldElement51 YMinusX = yMinusX;
    public readonly FieldElement51 XY2d = xy2d;
}

/// <summary>
/// A projective point in the form additions read fastest (ref10 <c>ge_cached</c>): (Y + X, Y − X, Z, 2d·T).
/// </summary>
internal readonly struct EdwardsProjectiveNielsPoint(in FieldElement51 yPlusX, in FieldElement51 yMinusX, in FieldElement51 z, in FieldElement51 t2d)
{
    public readonly FieldElement51 YPlusX = yPlusX;
    public readonly FieldElement51 YMinusX = yMinusX;
    public readonly FieldElement51 Z = z;
    public readonly FieldElement51 T2d = t2d;
}
