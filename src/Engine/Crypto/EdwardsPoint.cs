namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// A point of edwards25519 (RFC 8032 §5.1: −x² + y² = 1 + d·x²·y²) in extended coordinates (X : Y : Z : T) with
/// x = X/Z, y = Y/Z, x·y = T/Z (Hisil–Wong–Carter–Dawson 2008 §3), on <see cref="FieldElement51"/>: the ref10
/// <c>ge_p3</c>. The additions are HWCD's unified formulas with a = −1 and k = 2d ("add-2008-hwcd-3", complete on
/// edwards25519 because d is not a square), written as ref10's <c>ge_add</c> / <c>ge_madd</c>; none branches on a
/// coordinate.
/// </summary>
/// <remarks>
/// Coordinates of every point form are the outputs of field operations (limbs below 2^52), except those of an
/// <see cref="EdwardsCompletedPoint"/>, which may be sums without a carry pass (below 2^54) and are only ever
/// multiplied. A sum without a carry (<see cref="FieldElement51.AddNoCarry"/>) is taken only of two values below 2^53
/// (operation outputs, or 2·Z, itself a sum of two operation outputs, plus one output) and then only multiplied.
/// </remarks>
internal readonly struct EdwardsPoint(in FieldElement51 x, in FieldElement51 y, in FieldElement51 z, in FieldElement51 t)
{
    /// <summary>d = −121665/121666 (RFC 8032 §5.1).</summary>
    public static readonly FieldElement51 D = ComputeD();

    /// <summary>2·d, the k of the addition formulas.</summary>
    public static readonly FieldElement51 D2 = D + D;

    public readonly FieldElement51 X = x;
    public readonly FieldElement51 Y = y;
    public readonly FieldElement51 Z = z;
    public readonly FieldElement51 T = t;

    /// <summary>The encoding of B (RFC 8032 §5.1: y = 4/5, x even).</summary>
    private const string BaseEncoding = "5866666666666666666666666666666666666666666666666666666666666666";

    /// <summary>The neutral element (0 : 1 : 1 : 0).</summary>
    public static EdwardsPoint Identity => new(FieldElement51.Zero, FieldElement51.One, FieldElement51.One, FieldElement51.Zero);

    /// <summary>The base point B (RFC 8032 §5.1) in extended coordinates.</summary>
    public static EdwardsPoint BasePoint()
    {
        if (!TryDecodeVar(Convert.FromHexString(BaseEncoding), out EdwardsPoint b))
        {
            throw new InvalidOperationException("Invariant: the base point decodes.");
        }

        return b;
    }

    /// <summary>
    /// P + Q for an affine Q (ref10 <c>ge_madd</c>, 3M here and 4M in the conversion): A = (Y + X)(y + x),
    /// B = (Y − X)(y − x), C = T·2dxy, D = 2Z; the result is ((A − B) : (D + C), (A + B) : (D − C)).
    /// </summary>
    public EdwardsCompletedPoint Add(in EdwardsAffineNielsPoint q)
    {
        FieldElement51 a = FieldElement51.AddNoCarry(Y, X) * q.YPlusX;
        FieldElement51 b = (Y - X) * q.YMinusX;
        FieldElement51 c = T * q.XY2d;
        FieldElement51 d = FieldElement51.AddNoCarry(Z, Z);
        return new EdwardsCompletedPoint(a - b, FieldElement51.AddNoCarry(a, b), FieldElement51.AddNoCarry(d, c), d - c);
    }

    /// <summary>P − Q for an affine Q (ref10 <c>ge_msub</c>): <see cref="Add(in EdwardsAffineNielsPoint)"/> with −Q.</summary>
    public EdwardsCompletedPoint Subtract(in EdwardsAffineNielsPoint q)
    {
        FieldElement51 a = FieldElement51.AddNoCarry(Y, X) * q.YMinusX;
        FieldElement51 b = (Y - X) * q.YPlusX;
        FieldElement51 c = T * q.XY2d;
        FieldElement51 d = FieldElement51.AddNoCarry(Z, Z);
        return new EdwardsCompletedPoint(a - b, FieldElement51.AddNoCarry(a, b), d - c, FieldElement51.AddNoCarry(d, c));
    }

    /// <summary>P + Q for a projective Q (ref10 <c>ge_add</c>): as the affine case with D = 2·Z1·Z2.</summary>
    public EdwardsCompletedPoint Add(in EdwardsProjectiveNielsPoint q)
    {
        FieldElement51 a = FieldElement51.AddNoCarry(Y, X) * q.YPlusX;
        FieldElement51 b = (Y - X) * q.YMinusX;
        FieldElement51 c = T * q.T2d;
        FieldElement51 zz = Z * q.Z;
        FieldElement51 d = FieldElement51.AddNoCarry(zz, zz);
        return new EdwardsCompletedPoint(a - b, FieldElement51.AddNoCarry(a, b), FieldElement51.AddNoCarry(d, c), d - c);
    }

    /// <summary>P − Q for a projective Q (ref10 <c>ge_sub</c>): <see cref="Add(in EdwardsProjectiveNielsPoint)"/> with −Q.</summary>
    public EdwardsCompletedPoint Subtract(in EdwardsProjectiveNielsPoint q)
    {
        FieldElement51 a = FieldElement51.AddNoCarry(Y, X) * q.YMinusX;
        FieldElement51 b = (Y - X) * q.YPlusX;
        FieldElement51 c = T * q.T2d;
        FieldElement51 zz = Z * q.Z;
        FieldElement51 d = FieldElement51.AddNoCarry(zz, zz);
        return new EdwardsCompletedPoint(a - b, FieldElement51.AddNoCarry(a, b), d - c, FieldElement51.AddNoCarry(d, c));
    }

    /// <summary>−P = (−X : Y : Z : −T).</summary>
    public EdwardsPoint Negate() => new(-X, Y, Z, -T);

    /// <summary>2·P (ref10 <c>ge_p3_dbl</c>).</summary>
    public EdwardsCompletedPoint Double() => ToProjective().Double();

    /// <summary>(X : Y : Z), dropping T.</summary>
    public EdwardsProjectivePoint ToProjective() => new(X, Y, Z);

    /// <summary>(Y + X, Y − X, Z, 2d·T), ref10 <c>ge_p3_to_cached</c>.</summary>
    public EdwardsProjectiveNielsPoint ToProjectiveNiels() => new(Y + X, Y - X, Z, T * D2);

    /// <summary>The affine (y + x, y − x, 2d·x·y) of this point, variable time (public points: tables).</summary>
    public EdwardsAffineNielsPoint ToAffineNielsVar()
    {
        FieldElement51 zInverse = FieldElement51Powers.InvertVar(Z);
        FieldElement51 x = X * zInverse;
        FieldElement51 y = Y * zInverse;
        return new EdwardsAffineNielsPoint(y + x, y - x, x * y * D2);
    }

    /// <summary>Whether this is the neutral element: X = 0 and Y = Z (public data only).</summary>
    public bool IsIdentityVar() => X.IsZero() && Y.EqualsVar(Z);

    /// <summary>
    /// Writes the RFC 8032 §5.1.2 encoding, y = Y/Z with the parity of x = X/Z in bit 255, inverting Z in constant time
    /// (the point may come from a secret scalar).
    /// </summary>
    public void Encode(Span<byte> encoded)
    {
        FieldElement51 zInverse = FieldElement51Powers.Invert(Z);
        Encode(encoded, zInverse);
        SecretWipe.Value(ref zInverse);
    }

    /// <summary>As <see cref="Encode(Span{byte})"/> with a variable-time inversion, for public points.</summary>
    public void EncodeVar(Span<byte> encoded) => Encode(encoded, FieldElement51Powers.InvertVar(Z));

    /// <summary>
    /// RFC 8032 §5.1.3 decoding, variable time, strict as BouncyCastle's <c>Ed25519.DecodePointVar</c> after its
    /// <c>CheckPointVar</c>: false when y (bit 255 masked) is not below p, when (y² − 1)/(d·y² + 1) has no square root, and
    /// when x = 0 with the sign bit set; otherwise x is the root whose parity is the sign bit.
    /// </summary>
    public static bool TryDecodeVar(ReadOnlySpan<byte> encoded, out EdwardsPoint point)
    {
        point = default;
        if (encoded.Length != FieldElement51.EncodedLength || !IsCanonicalY(encoded))
        {
            return false;
        }

        int sign = encoded[31] >> 7;
        FieldElement51 y = FieldElement51.FromBytes(encoded);
        FieldElement51 yy = y.Square();
        if (!FieldElement51Powers.SqrtRatioVar(yy - FieldElement51.One, (D * yy) + FieldElement51.One, out FieldElement51 x))
        {
            return false;
        }

        bool xIsZero = x.IsZero();
        if (xIsZero && sign == 1)
        {
            return false;
        }

        if (x.IsNegative() != sign)
        {
            x = -x;
        }

        point = new EdwardsPoint(x, y, FieldElement51.One, x * y);
        return true;
    }

    /// <summary>True when the 32 bytes with bit 255 cleared encode an integer below p = 2^255 − 19.</summary>
    public static bool IsCanonicalY(ReadOnlySpan<byte> encoded)
    {
        if ((encoded[31] & 0x7F) != 0x7F)
        {
            return true;
        }

        for (int i = 30; i >= 1; i--)
        {
            if (encoded[i] != 0xFF)
            {
                return true;
            }
        }

        return encoded[0] < 0xED;
    }

    private void Encode(Span<byte> encoded, in FieldElement51 zInverse)
    {
        FieldElement51 x = X * zInverse;
        FieldElement51 y = Y * zInverse;
        y.WriteBytes(encoded);
        encoded[31] |= (byte)(x.IsNegative() << 7);
    }

    private static FieldElement51 ComputeD()
    {
        var numerator = new FieldElement51(121665, 0, 0, 0, 0);
        var denominator = new FieldElement51(121666, 0, 0, 0, 0);
        return -(numerator * FieldElement51Powers.InvertVar(denominator));
    }
}
