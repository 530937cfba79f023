using System.Buffers.Binary;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// libsignal <c>curve25519_verify</c> (REFERENCE-BEHAVIOUR §5) as RFC 8032 §5.1.7 verification with exactly the acceptance
/// rules of BouncyCastle 2.7's <c>Ed25519.Verify</c>, which this replaces: variable time (everything here is public).
/// </summary>
/// <remarks>
/// <para>
/// The key is the Edwards point whose y is (u − 1)/(u + 1) for the canonical Montgomery u, with the sign bit taken
/// from bit 511 of the signature (<see cref="Edwards25519.TryDecodeMontgomeryKeyVar"/>, which also rejects u = 0:
/// y = −1 is the point of order 2). BouncyCastle rejects, in this order: R whose y (bit 255 masked) is not below p
/// (<c>CheckPointVar</c>); S ≥ ℓ (<c>Scalar25519.CheckVar</c>); a key whose y is 0, 1, ≥ p − 1 or the y of a point of
/// order 8 (<c>CheckPointFullVar</c>: the eight points of small order); R or A that do not decode (no x, or x = 0
/// with the sign bit set; <c>DecodePointVar</c>). Then it accepts exactly when the cofactored equation
/// [8]([S]B − R − [k]A) = O holds, k = SHA-512(R ‖ A ‖ M) mod ℓ: it checks [8]([v1·S]B − [v0]A − [v1]R) = O with
/// v0 ≡ k·v1 (mod ℓ), 0 &lt; |v1| &lt; 2^127 (<c>ReduceBasisVar</c>, <c>ScalarMultStraus128Var</c>, then
/// <c>NormalizeToNeutralElementVar</c>), and since 8·v1 is invertible mod ℓ and [8] kills the torsion parts of A and R,
/// the two equations have the same solutions. This class does the same checks and the same half-size equation.
/// </para>
/// <para>
/// The equation is one interleaved (Straus) multiplication over 129 doublings: [v1·S mod ℓ]B split at bit 128 into two
/// 128-bit scalars on static tables of odd multiples of B and 2^128·B (width-8 NAF), and v0, |v1| on tables of odd
/// multiples of −A and ∓R built per call (width-5 NAF); then three doublings and a test for the neutral element.
/// </para>
/// </remarks>
internal static class Curve25519Verification
{
    private const int BaseWidth = 8;
    private const int PointWidth = 5;
    private const int PointTableSize = 1 << (PointWidth - 2);

    /// <summary>ℓ, little-endian.</summary>
    private static readonly byte[] Order = Convert.FromHexString("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");

    /// <summary>The y of the points of order 8 (BouncyCastle's Order8_y1 and Order8_y2 = p − Order8_y1), little-endian.</summary>
    private static readonly byte[] Order8Y1 = Convert.FromHexString("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a");
    private static readonly byte[] Order8Y2 = Convert.FromHexString("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05");

    /// <summary>(2j + 1)·B for j = 0 … 63.</summary>
    private static readonly EdwardsAffineNielsPoint[] BaseOddMultiples = AffineOddMultiples(EdwardsPoint.BasePoint());

    /// <summary>(2j + 1)·2^128·B for j = 0 … 63.</summary>
    private static readonly EdwardsAffineNielsPoint[] Base128OddMultiples = AffineOddMultiples(TimesTwoTo128(EdwardsPoint.BasePoint()));

    /// <summary>
    /// Whether <paramref name="signature"/> (64 bytes) is a curve25519 signature of <paramref name="message"/> under the
    /// Montgomery public key <paramref name="u"/> (32 bytes). A non-canonical u (bit 255 set, or u ≥ p) and u = p − 1
    /// are rejected.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> u, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (u.Length != Edwards25519.EncodedLength || signature.Length != 2 * Edwards25519.EncodedLength)
        {
            return false;
        }

        Span<byte> edwardsKey = stackalloc byte[Edwards25519.EncodedLength];
        ReadOnlySpan<byte> encodedR = signature[..32];
        Span<byte> s = stackalloc byte[Scalar25519.Length];
        signature[32..].CopyTo(s);
        s[31] &= 0x7F;

        if (!EdwardsPoint.IsCanonicalY(encodedR) || !IsBelowOrder(s)
            || !Edwards25519.TryDecodeMontgomeryKeyVar(u, signature[63] >> 7, edwardsKey, out EdwardsPoint a)
            || !IsAcceptableKeyY(edwardsKey) || !EdwardsPoint.TryDecodeVar(encodedR, out EdwardsPoint r))
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[Scalar25519.WideLength];
        Span<byte> head = stackalloc byte[2 * Edwards25519.EncodedLength];
        encodedR.CopyTo(head);
        edwardsKey.CopyTo(head[32..]);
        Sha512Parts.Hash(head, message, [], digest);

        Span<byte> k = stackalloc byte[Scalar25519.Length];
        Scalar25519.Reduce(digest, k);
        bool v1Negative = Scalar25519Basis.Reduce(k, out UInt128 v0, out UInt128 v1);

        // s' = v1·S mod ℓ, with v1 < 0 taken as ℓ − |v1|.
        Span<byte> v1ModOrder = stackalloc byte[Scalar25519.Length];
        WriteSigned(v1, v1Negative, v1ModOrder);
        Span<byte> zero = stackalloc byte[Scalar25519.Length];
        Span<byte> sPrime = stackalloc byte[Scalar25519.Length];
        Scalar25519.MulAdd(v1ModOrder, s, zero, sPrime);

        // −[v1]R: with v1 > 0 add |v1|·(−R), with v1 < 0 add |v1|·R.
        return IsCofactoredIdentity(sPrime, v0, a.Negate(), v1, v1Negative ? r : r.Negate());
    }

    /// <summary>
    /// Whether [8]([s_lo]B + [s_hi]·2^128·B + [v0]·negA + [v1]·signedR) is the neutral element.
    /// </summary>
    private static bool IsCofactoredIdentity(ReadOnlySpan<byte> sPrime, UInt128 v0, in EdwardsPoint negA, UInt128 v1, in EdwardsPoint signedR)
    {
        Span<sbyte> low = stackalloc sbyte[EdwardsWnaf.MaxDigits];
        Span<sbyte> high = stackalloc sbyte[EdwardsWnaf.MaxDigits];
        Span<sbyte> digitsA = stackalloc sbyte[EdwardsWnaf.MaxDigits];
        Span<sbyte> digitsR = stackalloc sbyte[EdwardsWnaf.MaxDigits];
        int top = Math.Max(
            Math.Max(EdwardsWnaf.Recode(BinaryPrimitives.ReadUInt128LittleEndian(sPrime), BaseWidth, low), EdwardsWnaf.Recode(BinaryPrimitives.ReadUInt128LittleEndian(sPrime[16..]), BaseWidth, high)),
            Math.Max(EdwardsWnaf.Recode(v0, PointWidth, digitsA), EdwardsWnaf.Recode(v1, PointWidth, digitsR)));

        Span<EdwardsProjectiveNielsPoint> tableA = stackalloc EdwardsProjectiveNielsPoint[PointTableSize];
        Span<EdwardsProjectiveNielsPoint> tableR = stackalloc EdwardsProjectiveNielsPoint[PointTableSize];
        ProjectiveOddMultiples(negA, tableA);
        ProjectiveOddMultiples(signedR, tableR);

        var accumulator = new EdwardsProjectivePoint(FieldElement51.Zero, FieldElement51.One, FieldElement51.One);
        for (int i = top - 1; i >= 0; i--)
        {
            EdwardsCompletedPoint sum = accumulator.Double();
            sum = AddDigit(sum, low[i], BaseOddMultiples);
            sum = AddDigit(sum, high[i], Base128OddMultiples);
            sum = AddDigit(sum, digitsA[i], tableA);
            sum = AddDigit(sum, digitsR[i], tableR);
            accumulator = sum.ToProjective();
        }

        for (int i = 0; i < 3; i++)
        {
            accumulator = accumulator.Double().ToProjective();
        }

        return accumulator.X.IsZero() && accumulator.Y.EqualsVar(accumulator.Z);
    }

    private static EdwardsCompletedPoint AddDigit(in EdwardsCompletedPoint sum, int digit, ReadOnlySpan<EdwardsAffineNielsPoint> table)
    {
        if (digit == 0)
        {
            return sum;
        }

        EdwardsPoint point = sum.ToExtended();
        return digit > 0 ? point.Add(table[digit >> 1]) : point.Subtract(table[-digit >> 1]);
    }

    private static EdwardsCompletedPoint AddDigit(in EdwardsCompletedPoint sum, int digit, ReadOnlySpan<EdwardsProjectiveNielsPoint> table)
    {
        if (digit == 0)
        {
            return sum;
        }

        EdwardsPoint point = sum.ToExtended();
        return digit > 0 ? point.Add(table[digit >> 1]) : point.Subtract(table[-digit >> 1]);
    }

    /// <summary>P, 3P, 5P, … into <paramref name="table"/>.</summary>
    private static void ProjectiveOddMultiples(in EdwardsPoint p, Span<EdwardsProjectiveNielsPoint> table)
    {
        EdwardsProjectiveNielsPoint twice = p.Double().ToExtended().ToProjectiveNiels();
        EdwardsPoint multiple = p;
        table[0] = multiple.ToProjectiveNiels();
        for (int j = 1; j < table.Length; j++)
        {
            multiple = multiple.Add(twice).ToExtended();
            table[j] = multiple.ToProjectiveNiels();
        }
    }

    /// <summary>P, 3P, 5P, … as affine points (the static tables of B and 2^128·B).</summary>
    private static EdwardsAffineNielsPoint[] AffineOddMultiples(in EdwardsPoint p)
    {
        var table = new EdwardsAffineNielsPoint[1 << (BaseWidth - 2)];
        EdwardsProjectiveNielsPoint twice = p.Double().ToExtended().ToProjectiveNiels();
        EdwardsPoint multiple = p;
        for (int j = 0; j < table.Length; j++)
        {
            table[j] = multiple.ToAffineNielsVar();
            multiple = multiple.Add(twice).ToExtended();
        }

        return table;
    }

    private static EdwardsPoint TimesTwoTo128(in EdwardsPoint p)
    {
        EdwardsProjectivePoint q = p.ToProjective();
        for (int i = 0; i < 127; i++)
        {
            q = q.Double().ToProjective();
        }

        return q.Double().ToExtended();
    }

    /// <summary>BouncyCastle's <c>CheckPointFullVar</c> on the key's y (bit 255 masked): not 0, 1, ≥ p − 1, or of order 8.</summary>
    private static bool IsAcceptableKeyY(ReadOnlySpan<byte> key)
    {
        Span<byte> y = stackalloc byte[32];
        key.CopyTo(y);
        y[31] &= 0x7F;
        bool upperZero = !y[1..].ContainsAnyExcept((byte)0);
        bool upperMax = y[31] == 0x7F && !y[1..31].ContainsAnyExcept((byte)0xFF);
        return !(upperZero && y[0] <= 1) && !(upperMax && y[0] >= 0xEC) && !y.SequenceEqual(Order8Y1) && !y.SequenceEqual(Order8Y2);
    }

    /// <summary>S &lt; ℓ, comparing from the most significant byte.</summary>
    private static bool IsBelowOrder(ReadOnlySpan<byte> s)
    {
        for (int i = 31; i >= 0; i--)
        {
            if (s[i] != Order[i])
            {
                return s[i] < Order[i];
            }
        }

        return false;
    }

    /// <summary>Writes v (negative: ℓ − |v|) as 32 little-endian bytes; |v| &lt; 2^127 &lt; ℓ.</summary>
    private static void WriteSigned(UInt128 magnitude, bool negative, Span<byte> bytes)
    {
        if (!negative)
        {
            BinaryPrimitives.WriteUInt128LittleEndian(bytes, magnitude);
            bytes[16..].Clear();
            return;
        }

        UInt128 orderLow = BinaryPrimitives.ReadUInt128LittleEndian(Order);
        UInt128 orderHigh = BinaryPrimitives.ReadUInt128LittleEndian(Order.AsSpan(16));
        unchecked
        {
            BinaryPrimitives.WriteUInt128LittleEndian(bytes, orderLow - magnitude);
            BinaryPrimitives.WriteUInt128LittleEndian(bytes[16..], orderHigh - (orderLow < magnitude ? UInt128.One : UInt128.Zero));
        }
    }
}
