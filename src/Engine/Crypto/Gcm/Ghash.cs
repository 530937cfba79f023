using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace E2eeConformance.Engine.Crypto.Gcm;

/// <summary>
/// A running GHASH (NIST SP 800-38D §6.4) on PCLMULQDQ: Y ← (Y ⊕ X) · H in GF(2^128) for each 16-byte block X.
/// Blocks are held byte-reversed so the carry-less product can be reduced with the shift-and-fold method of Gueron
/// &amp; Kounavis, "Intel Carry-Less Multiplication Instruction and its Usage for Computing the GCM Mode" (rev. 2.02,
/// 2014, Algorithms 1, 4 and 5). Runs of four blocks are multiplied by H⁴, H³, H², H and reduced once (aggregated
/// reduction, Algorithm 5), which matters for the 3136-byte associated data of the PQC suites. A mutable value type
/// kept in a local; callers check <see cref="GcmIntrinsics.IsSupported"/> first.
/// </summary>
internal struct Ghash
{
    private const int BlockLength = 16;

    private Vector128<byte> _h;
    private Vector128<byte> _h2;
    private Vector128<byte> _h3;
    private Vector128<byte> _h4;
    private bool _hasPowers;
    private Vector128<byte> _y;

    /// <summary>Starts GHASH_H with Y = 0; <paramref name="hashKey"/> is H = E(K, 0^128) as bytes.</summary>
    public Ghash(Vector128<byte> hashKey)
    {
        _h = Reverse(hashKey);
        _y = Vector128<byte>.Zero;
    }

    /// <summary>Absorbs <paramref name="data"/>, zero-padding a final partial block (one padded GCM segment: A, C or the IV).</summary>
    public void Update(ReadOnlySpan<byte> data)
    {
        Vector128<byte> y = _y;
        if (data.Length >= 4 * BlockLength)
        {
            if (!_hasPowers)
            {
                _h2 = Multiply(_h, _h);
                _h3 = Multiply(_h2, _h);
                _h4 = Multiply(_h3, _h);
                _hasPowers = true;
            }

            do
            {
                (Vector128<ulong> lo0, Vector128<ulong> hi0) = MultiplyUnreduced(y ^ Load(data), _h4);
                (Vector128<ulong> lo1, Vector128<ulong> hi1) = MultiplyUnreduced(Load(data[16..]), _h3);
                (Vector128<ulong> lo2, Vector128<ulong> hi2) = MultiplyUnreduced(Load(data[32..]), _h2);
                (Vector128<ulong> lo3, Vector128<ulong> hi3) = MultiplyUnreduced(Load(data[48..]), _h);
                y = Reduce(lo0 ^ lo1 ^ lo2 ^ lo3, hi0 ^ hi1 ^ hi2 ^ hi3);
                data = data[(4 * BlockLength)..];
            }
            while (data.Length >= 4 * BlockLength);
        }

        while (data.Length >= BlockLength)
        {
            y = Multiply(y ^ Load(data), _h);
            data = data[BlockLength..];
        }

        if (!data.IsEmpty)
        {
            Span<byte> last = stackalloc byte[BlockLength];
            last.Clear();
            data.CopyTo(last);
            y = Multiply(y ^ Load(last), _h);
        }

        _y = y;
    }

    /// <summary>Absorbs the length block [len(A)]₆₄ ‖ [len(C)]₆₄, both in bits.</summary>
    public void UpdateLengths(ulong firstBits, ulong secondBits)
    {
        Span<byte> block = stackalloc byte[BlockLength];
        BinaryPrimitives.WriteUInt64BigEndian(block, firstBits);
        BinaryPrimitives.WriteUInt64BigEndian(block[8..], secondBits);
        _y = Multiply(_y ^ Load(block), _h);
    }

    /// <summary>The current Y as a block in GCM byte order.</summary>
    public readonly Vector128<byte> Value => Reverse(_y);

    /// <summary>Wipes H, its powers and Y.</summary>
    public void Clear() => SecretWipe.Value(ref this);

    private static Vector128<byte> ReverseMask => Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Reverse(Vector128<byte> x) => Ssse3.Shuffle(x, ReverseMask);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Load(ReadOnlySpan<byte> block) => Reverse(Vector128.Create(block[..BlockLength]));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Multiply(Vector128<byte> a, Vector128<byte> b)
    {
        (Vector128<ulong> lo, Vector128<ulong> hi) = MultiplyUnreduced(a, b);
        return Reduce(lo, hi);
    }

    /// <summary>The 256-bit carry-less product hi:lo of a and b (schoolbook, four PCLMULQDQ; Algorithm 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector128<ulong> Lo, Vector128<ulong> Hi) MultiplyUnreduced(Vector128<byte> a, Vector128<byte> b)
    {
        Vector128<ulong> a64 = a.AsUInt64();
        Vector128<ulong> b64 = b.AsUInt64();
        Vector128<ulong> lo = Pclmulqdq.CarrylessMultiply(a64, b64, 0x00);
        Vector128<ulong> mid = Pclmulqdq.CarrylessMultiply(a64, b64, 0x10) ^ Pclmulqdq.CarrylessMultiply(a64, b64, 0x01);
        Vector128<ulong> hi = Pclmulqdq.CarrylessMultiply(a64, b64, 0x11);
        lo ^= Sse2.ShiftLeftLogical128BitLane(mid.AsByte(), 8).AsUInt64();
        hi ^= Sse2.ShiftRightLogical128BitLane(mid.AsByte(), 8).AsUInt64();
        return (lo, hi);
    }

    /// <summary>
    /// Reduces hi:lo modulo x^128 + x^7 + x^2 + x + 1 in the bit-reflected representation: shift the 256-bit value
    /// left by one (Algorithm 4, step 4), then fold the low half in two phases (Algorithm 4, steps 5–7).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Reduce(Vector128<ulong> lo, Vector128<ulong> hi)
    {
        Vector128<uint> x = lo.AsUInt32();
        Vector128<uint> y = hi.AsUInt32();

        Vector128<uint> carryX = Sse2.ShiftRightLogical(x, 31);
        Vector128<uint> carryY = Sse2.ShiftRightLogical(y, 31);
        x = Sse2.ShiftLeftLogical(x, 1);
        y = Sse2.ShiftLeftLogical(y, 1);
        Vector128<uint> carryAcross = Sse2.ShiftRightLogical128BitLane(carryX, 12);
        carryY = Sse2.ShiftLeftLogical128BitLane(carryY, 4);
        carryX = Sse2.ShiftLeftLogical128BitLane(carryX, 4);
        x |= carryX;
        y |= carryY | carryAcross;

        Vector128<uint> a = Sse2.ShiftLeftLogical(x, 31) ^ Sse2.ShiftLeftLogical(x, 30) ^ Sse2.ShiftLeftLogical(x, 25);
        Vector128<uint> aHigh = Sse2.ShiftRightLogical128BitLane(a, 4);
        x ^= Sse2.ShiftLeftLogical128BitLane(a, 12);
        Vector128<uint> b = Sse2.ShiftRightLogical(x, 1) ^ Sse2.ShiftRightLogical(x, 2) ^ Sse2.ShiftRightLogical(x, 7) ^ aHigh;
        return (y ^ x ^ b).AsByte();
    }
}
