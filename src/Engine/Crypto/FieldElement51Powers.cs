using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc7748;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// Inversion and square roots in GF(2^255 − 19) for <see cref="FieldElement51"/>: the constant-time inverse of a secret
/// value (the Z of a point encoding after a scalar multiplication with a secret scalar), a faster variable-time one for
/// public values, and the square root of a ratio that point decompression needs (RFC 8032 §5.1.3 step 3).
/// </summary>
/// <remarks>
/// Inversion goes through BouncyCastle's <c>X25519Field.Inv</c> / <c>InvVar</c> (the Bernstein–Yang "safegcd" modular
/// inverse; the constant-time one runs a fixed number of divsteps), which is faster than Fermat's x^(p−2) on this
/// representation; the value crosses over as its canonical 32-byte encoding, and the crossing buffers are wiped.
/// </remarks>
internal static class FieldElement51Powers
{
    /// <summary>sqrt(−1) = 2^((p−1)/4) mod p (RFC 8032 §5.1.3 step 3), little-endian.</summary>
    public static readonly FieldElement51 SqrtMinusOne =
        FieldElement51.FromBytes(Convert.FromHexString("b0a00e4a271beec478e42fad0618432fa7d7fb3d99004d2b0bdfc14f8024832b"));

    /// <summary>1/x mod p in constant time (0 for x = 0); for secret values.</summary>
    public static FieldElement51 Invert(in FieldElement51 x) => Invert(x, variableTime: false);

    /// <summary>1/x mod p, variable time (0 for x = 0); for public values only.</summary>
    public static FieldElement51 InvertVar(in FieldElement51 x) => Invert(x, variableTime: true);

    /// <summary>
    /// x^((p−5)/8) = x^(2^252 − 3), ref10's <c>fe_pow22523</c> addition chain: 250 squarings and 11 multiplications.
    /// </summary>
    public static FieldElement51 Pow22523(in FieldElement51 x)
    {
        FieldElement51 t0 = x.Square();                       // x^2
        FieldElement51 t1 = t0.SquareTimes(2) * x;            // x^9
        t0 *= t1;                                             // x^11
        t0 = t0.Square() * t1;                                // x^31 = x^(2^5 − 1)
        t1 = t0.SquareTimes(5) * t0;                          // 2^10 − 1
        FieldElement51 t2 = t1.SquareTimes(10) * t1;          // 2^20 − 1
        t2 = t2.SquareTimes(20) * t2;                         // 2^40 − 1
        t1 = t2.SquareTimes(10) * t1;                         // 2^50 − 1
        t2 = t1.SquareTimes(50) * t1;                         // 2^100 − 1
        t2 = t2.SquareTimes(100) * t2;                        // 2^200 − 1
        t1 = t2.SquareTimes(50) * t1;                         // 2^250 − 1
        return t1.SquareTimes(2) * x;                         // 2^252 − 3
    }

    /// <summary>
    /// A square root of u/v, variable time (RFC 8032 §5.1.3 step 3): the candidate x = u·v³·(u·v⁷)^((p−5)/8); if
    /// v·x² = u it is a root, if v·x² = −u then x·sqrt(−1) is, otherwise u/v is not a square and the method returns false.
    /// For u = 0 the root is 0. <paramref name="v"/> must not be 0. Which of the two roots comes out is unspecified.
    /// </summary>
    public static bool SqrtRatioVar(in FieldElement51 u, in FieldElement51 v, out FieldElement51 x)
    {
        FieldElement51 v3 = v.Square() * v;
        FieldElement51 v7 = v3.Square() * v;
        FieldElement51 candidate = u * v3 * Pow22523(u * v7);
        FieldElement51 check = v * candidate.Square();
        if (check.EqualsVar(u))
        {
            x = candidate;
            return true;
        }

        if (check.EqualsVar(-u))
        {
            x = candidate * SqrtMinusOne;
            return true;
        }

        x = default;
        return false;
    }

    private static FieldElement51 Invert(in FieldElement51 x, bool variableTime)
    {
        Span<byte> bytes = stackalloc byte[FieldElement51.EncodedLength];
        Span<int> limbs = stackalloc int[X25519Field.Size];
        try
        {
            x.WriteBytes(bytes);
            X25519Field.Decode255(bytes, limbs);
            if (variableTime)
            {
                X25519Field.InvVar(limbs, limbs);
            }
            else
            {
                X25519Field.Inv(limbs, limbs);
            }

            X25519Field.Normalize(limbs);
            X25519Field.Encode(limbs, bytes);
            return FieldElement51.FromBytes(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
            SecretWipe.Span(limbs);
        }
    }
}
