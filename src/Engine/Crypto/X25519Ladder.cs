using System.Security.Cryptography;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// The X25519 function (RFC 7748 §5) on <see cref="FieldElement51"/>: the constant-time Montgomery ladder over the
/// u-coordinate, byte for byte what BouncyCastle's <c>Rfc7748.X25519.ScalarMult</c> computes (and what
/// curve25519-donna computes for the reference, REFERENCE-BEHAVIOUR §6).
/// </summary>
/// <remarks>
/// The scalar is decoded with <c>decodeScalar25519</c> (bits 0–2 and 255 cleared, bit 254 set) and the u-coordinate
/// with <c>decodeUCoordinate</c> (bit 255 ignored; a value ≥ p acts as its residue). Each of the 255 ladder steps is
/// the §5 formula (5M + 4S + one multiplication by a24 = 121665), with the conditional swap done by masks on the
/// swap bit, so neither the branch pattern nor the memory addresses depend on the scalar. The result is
/// x2·z2^(p−2), through the constant-time inverse (0 when z2 = 0, as the RFC's exponentiation gives: a low-order u
/// yields the all-zero output). The scalar copy and the ladder state are wiped.
/// </remarks>
internal static class X25519Ladder
{
    /// <summary>Scalar, u-coordinate and output length.</summary>
    public const int Length = 32;

    private const uint A24 = 121665;

    /// <summary>Writes X25519(<paramref name="scalar"/>, <paramref name="u"/>) into <paramref name="result"/>.</summary>
    public static void ScalarMult(ReadOnlySpan<byte> scalar, ReadOnlySpan<byte> u, Span<byte> result)
    {
        if (scalar.Length != Length || u.Length != Length || result.Length != Length)
        {
            throw new ArgumentException($"X25519 scalars, u-coordinates and outputs are {Length} bytes.");
        }

        Span<byte> k = stackalloc byte[Length];
        FieldElement51 x1 = FieldElement51.FromBytes(u);
        FieldElement51 x2 = FieldElement51.One, z2 = FieldElement51.Zero, x3 = x1, z3 = FieldElement51.One;
        FieldElement51 inverse = default;
        ulong swap = 0;
        try
        {
            scalar.CopyTo(k);
            X25519Kem.Clamp(k);
            for (int t = 254; t >= 0; t--)
            {
                ulong bit = (ulong)((k[t >> 3] >> (t & 7)) & 1);
                swap ^= bit;
                ConditionalSwap(ref x2, ref x3, swap);
                ConditionalSwap(ref z2, ref z3, swap);
                swap = bit;

                FieldElement51 a = FieldElement51.AddNoCarry(x2, z2);
                FieldElement51 aa = a.Square();
                FieldElement51 b = x2 - z2;
                FieldElement51 bb = b.Square();
                FieldElement51 e = aa - bb;
                FieldElement51 da = (x3 - z3) * a;
                FieldElement51 cb = FieldElement51.AddNoCarry(x3, z3) * b;
                x3 = FieldElement51.AddNoCarry(da, cb).Square();
                z3 = x1 * (da - cb).Square();
                x2 = aa * bb;
                z2 = e * FieldElement51.AddNoCarry(aa, e.MultiplySmall(A24));
            }

            ConditionalSwap(ref x2, ref x3, swap);
            ConditionalSwap(ref z2, ref z3, swap);
            inverse = FieldElement51Powers.Invert(z2);
            (x2 * inverse).WriteBytes(result);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(k);
            SecretWipe.Value(ref x2);
            SecretWipe.Value(ref z2);
            SecretWipe.Value(ref x3);
            SecretWipe.Value(ref z3);
            SecretWipe.Value(ref inverse);
            SecretWipe.Value(ref swap);
        }
    }

    /// <summary>Swaps a and b when <paramref name="swap"/> is 1 and leaves them when it is 0, by masks.</summary>
    private static void ConditionalSwap(ref FieldElement51 a, ref FieldElement51 b, ulong swap)
    {
        ulong mask = unchecked(0 - swap);
        FieldElement51 newA = FieldElement51.Select(a, b, mask);
        b = FieldElement51.Select(b, a, mask);
        a = newA;
    }
}
