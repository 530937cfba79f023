using System.Buffers.Binary;
using System.Security.Cryptography;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// Constant-time arithmetic on scalars modulo the edwards25519 group order
/// ℓ = 2^252 + δ, δ = 27742317777372353535851937790883648493 (RFC 8032 §5.1), for the <c>curve25519_sign</c> nonce and
/// S = (r + h·a) mod ℓ (RFC 8032 §5.1.6 steps 2, 4, 5; REFERENCE-BEHAVIOUR §5).
/// </summary>
/// <remarks>
/// The ref10 approach (<c>sc_reduce</c>, <c>sc_muladd</c>), written from the arithmetic: numbers are held in signed 21-bit
/// limbs in <see cref="long"/>s (limb i weighs 2^(21·i)); since 2^252 = 2^(21·12) ≡ −δ (mod ℓ), a limb at position k ≥ 12
/// is folded into positions k−12 … k−7 by adding its product with the six signed limbs of −δ. Carries use arithmetic
/// shifts; there is no branch, no table look-up and no early exit that depends on a limb's value, so the running time does
/// not depend on the private scalar or the nonce. All arithmetic is <c>unchecked</c>: the limb bounds below keep every
/// intermediate far inside ±2^63. Every stack buffer that held secret limbs is cleared before returning.
/// </remarks>
internal static class Scalar25519
{
    /// <summary>Length of a reduced scalar in bytes.</summary>
    public const int Length = 32;

    /// <summary>Length of a wide input (a SHA-512 output) in bytes.</summary>
    public const int WideLength = 64;

    private const int LimbBits = 21;
    private const ulong LimbMask = (1UL << LimbBits) - 1;
    private const long HalfLimb = 1L << (LimbBits - 1);

    /// <summary>Limbs below 2^252 (12 × 21 bits).</summary>
    private const int ReducedLimbs = 12;

    /// <summary>Limbs of a 512-bit value: 23 limbs of 21 bits and a 29-bit top limb.</summary>
    private const int WideLimbs = 24;

    /// <summary>
    /// −δ in signed 21-bit limbs (each in [−2^20, 2^20]): Σ MinusDelta[j]·2^(21·j) = −δ ≡ 2^252 (mod ℓ).
    /// </summary>
    private static ReadOnlySpan<long> MinusDelta => [666643, 470296, 654183, -997805, 136657, -683901];

    /// <summary>
    /// Writes <paramref name="wide"/> (64 little-endian bytes, any value below 2^512) mod ℓ as 32 little-endian bytes
    /// (ref10 <c>sc_reduce</c>; RFC 8032 §5.1.6 steps 2 and 4).
    /// </summary>
    public static void Reduce(ReadOnlySpan<byte> wide, Span<byte> scalar)
    {
        CheckLength(wide, WideLength, nameof(wide));
        CheckLength(scalar, Length, nameof(scalar));
        Span<long> s = stackalloc long[WideLimbs];
        try
        {
            Load(wide, s);
            ReduceLimbs(s, scalar);
        }
        finally
        {
            SecretWipe.Span(s);
        }
    }

    /// <summary>
    /// Writes (a·b + c) mod ℓ as 32 little-endian bytes for 32-byte little-endian a, b, c (any values below 2^256)
    /// (ref10 <c>sc_muladd</c>; RFC 8032 §5.1.6 step 5, S = (r + k·s) mod L).
    /// </summary>
    public static void MulAdd(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c, Span<byte> scalar)
    {
        CheckLength(a, Length, nameof(a));
        CheckLength(b, Length, nameof(b));
        CheckLength(c, Length, nameof(c));
        CheckLength(scalar, Length, nameof(scalar));
        Span<long> al = stackalloc long[ReducedLimbs];
        Span<long> bl = stackalloc long[ReducedLimbs];
        Span<long> s = stackalloc long[WideLimbs];
        try
        {
            Load(a, al);
            Load(b, bl);
            Load(c, s[..ReducedLimbs]);

            // Schoolbook product: limbs below 2^25, so each column stays below 12·2^50 + 2^25 < 2^54.
            unchecked
            {
                for (int i = 0; i < ReducedLimbs; i++)
                {
                    for (int j = 0; j < ReducedLimbs; j++)
                    {
                        s[i + j] += al[i] * bl[j];
                    }
                }
            }

            // Bring limbs 0..22 to [−2^20, 2^20) (limb 23 takes the rest, below 2^31) so the folds below cannot overflow.
            CarrySigned(s, 0, (2 * ReducedLimbs) - 1);
            ReduceLimbs(s, scalar);
        }
        finally
        {
            SecretWipe.Span(al);
            SecretWipe.Span(bl);
            SecretWipe.Span(s);
        }
    }

    /// <summary>
    /// Reduces 24 limbs (limbs 0..22 within ±2^21, limb 23 within ±2^31) mod ℓ and writes the canonical 32 bytes.
    /// </summary>
    /// <remarks>
    /// Bounds, with |−δ limbs| ≤ 2^20: folding limbs 23..18 adds at most six products of 2^51 to limbs 6..17 (&lt; 2^54);
    /// a carry pass over 6..17 leaves them in ±2^20 and limb 18 below 2^34; folding 18..12 leaves limbs 0..11 below 2^57;
    /// a carry pass leaves limb 12 below 2^37 and the low part L = Σ_{i&lt;12} s_i·2^(21i) within ±2^251.01. Folding limb 12
    /// once more gives V = L − s12·δ with |V| &lt; 2^251.01 + 2^162 &lt; 2^252, so a floor carry pass leaves limb 12 in {−1, 0}.
    /// If it is −1, folding adds δ and the value becomes V + ℓ ∈ [0, ℓ); if 0 the value V is already in [0, ℓ).
    /// A last floor carry pass then yields digits in [0, 2^21) and a top bit (limb 12) in {0, 1}: the canonical scalar.
    /// </remarks>
    private static void ReduceLimbs(Span<long> s, Span<byte> scalar)
    {
        for (int k = WideLimbs - 1; k >= 18; k--)
        {
            Fold(s, k);
        }

        CarrySigned(s, 6, 18);
        for (int k = 18; k >= ReducedLimbs; k--)
        {
            Fold(s, k);
        }

        CarrySigned(s, 0, ReducedLimbs);
        Fold(s, ReducedLimbs);
        CarryFloor(s, 0, ReducedLimbs);
        Fold(s, ReducedLimbs);
        CarryFloor(s, 0, ReducedLimbs);
        Store(s[..(ReducedLimbs + 1)], scalar);
    }

    /// <summary>Replaces limb k (k ≥ 12) by its product with −δ at positions k−12 … k−7 (2^252 ≡ −δ mod ℓ).</summary>
    private static void Fold(Span<long> s, int k)
    {
        long top = s[k];
        ReadOnlySpan<long> minusDelta = MinusDelta;
        unchecked
        {
            for (int j = 0; j < minusDelta.Length; j++)
            {
                s[k - ReducedLimbs + j] += top * minusDelta[j];
            }
        }

        s[k] = 0;
    }

    /// <summary>Carries limbs from..to−1 into their successors, leaving each in [−2^20, 2^20) (rounded carry).</summary>
    private static void CarrySigned(Span<long> s, int from, int to)
    {
        unchecked
        {
            for (int i = from; i < to; i++)
            {
                long carry = (s[i] + HalfLimb) >> LimbBits;
                s[i + 1] += carry;
                s[i] -= carry << LimbBits;
            }
        }
    }

    /// <summary>Carries limbs from..to−1 into their successors, leaving each in [0, 2^21) (floor carry).</summary>
    private static void CarryFloor(Span<long> s, int from, int to)
    {
        unchecked
        {
            for (int i = from; i < to; i++)
            {
                long carry = s[i] >> LimbBits;
                s[i + 1] += carry;
                s[i] -= carry << LimbBits;
            }
        }
    }

    /// <summary>
    /// Splits little-endian bytes into 21-bit limbs; the last limb takes every remaining bit (25 bits for 32 bytes,
    /// 29 bits for 64 bytes). Reads through a zero-padded copy so every limb is one 64-bit load, then wipes the copy.
    /// </summary>
    private static void Load(ReadOnlySpan<byte> bytes, Span<long> limbs)
    {
        Span<byte> padded = stackalloc byte[WideLength + sizeof(ulong)];
        bytes.CopyTo(padded);
        int last = limbs.Length - 1;
        for (int i = 0; i <= last; i++)
        {
            int bit = i * LimbBits;
            ulong window = BinaryPrimitives.ReadUInt64LittleEndian(padded[(bit >> 3)..]) >> (bit & 7);
            limbs[i] = i < last ? (long)(window & LimbMask) : (long)window;
        }

        CryptographicOperations.ZeroMemory(padded);
    }

    /// <summary>Packs limbs in [0, 2^21) (the last one the top bits) into 32 little-endian bytes.</summary>
    private static void Store(ReadOnlySpan<long> limbs, Span<byte> scalar)
    {
        ulong buffer = 0;
        int bufferedBits = 0;
        int position = 0;
        unchecked
        {
            foreach (long limb in limbs)
            {
                buffer |= (ulong)limb << bufferedBits;
                bufferedBits += LimbBits;
                while (bufferedBits >= 8 && position < scalar.Length)
                {
                    scalar[position++] = (byte)buffer;
                    buffer >>= 8;
                    bufferedBits -= 8;
                }
            }
        }

        while (position < scalar.Length)
        {
            scalar[position++] = (byte)buffer;
            buffer >>= 8;
        }
    }

    private static void CheckLength(ReadOnlySpan<byte> bytes, int expected, string name)
    {
        if (bytes.Length != expected)
        {
            throw new ArgumentException($"Expected {expected} bytes, got {bytes.Length}.", name);
        }
    }
}
