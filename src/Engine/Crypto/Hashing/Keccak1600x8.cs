using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace E2eeConformance.Engine.Crypto.Hashing;

/// <summary>
/// Eight Keccak-f[1600] permutations at once (FIPS 202 §3.3), one per 64-bit lane of AVX-512 vectors — state word
/// A[x + 5y] of instance i in lane i of vector x + 5y — and SHAKE128/SHAKE256 of eight short inputs on them (issue 17:
/// ML-KEM key generation asks for 16 SHAKE128 streams and 8 SHAKE256 ones, each a call into the platform's library
/// with its own setup; eight at a time they cost a fraction of that). A round: θ with each column parity as two
/// three-way exclusive-ors (ternary logic 0x96), ρ and π as one rotation per word, χ as a ^ (¬b ∧ c) (0xD2), ι.
/// </summary>
internal static class Keccak1600x8
{
    /// <summary>Instances per call.</summary>
    public const int Lanes = 8;

    /// <summary>The 64-bit words of a Keccak-f[1600] state (5 × 5).</summary>
    private const int StateWords = 25;

    /// <summary>The rounds of Keccak-f[1600] (12 + 2ℓ, ℓ = 6).</summary>
    private const int Rounds = 24;

    /// <summary>The SHAKE128 rate in bytes.</summary>
    public const int Shake128Rate = 168;

    /// <summary>The SHAKE256 rate in bytes.</summary>
    public const int Shake256Rate = 136;

    private static ReadOnlySpan<ulong> RoundConstants =>
    [
        0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
        0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
        0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
        0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
        0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
        0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
    ];

    /// <summary>
    /// SHAKE with rate <paramref name="rate"/> (<see cref="Shake128Rate"/> or <see cref="Shake256Rate"/>) of eight
    /// inputs of <paramref name="inputLength"/> bytes (shorter than the rate) laid one after the other in
    /// <paramref name="inputs"/>, <paramref name="outputLength"/> bytes of output each, laid one after the other in
    /// <paramref name="outputs"/>. The state is wiped afterwards (the inputs may be secret; what the JIT spills of the
    /// 25 state vectors and their temporaries inside <see cref="Permute"/> cannot be wiped from C#, as for any local).
    /// </summary>
    public static void Shake(int rate, ReadOnlySpan<byte> inputs, int inputLength, Span<byte> outputs, int outputLength)
    {
        if (!Avx512F.IsSupported || rate is not (Shake128Rate or Shake256Rate) || inputLength < 0 || inputLength >= rate || outputLength < 0
            || inputs.Length < Lanes * inputLength || outputs.Length < Lanes * outputLength)
        {
            Errors.ThrowHelper.Argument(nameof(rate), "SHAKE128 or SHAKE256 of eight inputs shorter than the rate, on a processor with AVX-512");
        }

        Span<Vector512<ulong>> state = stackalloc Vector512<ulong>[StateWords];
        Span<byte> block = stackalloc byte[rate];
        Span<ulong> column = stackalloc ulong[Lanes];
        Span<byte> bytes = stackalloc byte[8];
        state.Clear();
        for (int lane = 0; lane < Lanes; lane++)
        {
            // The padded block of instance i: input, the SHAKE domain bits 1111 with pad10*1's first 1 (0x1F), the final 0x80.
            block.Clear();
            inputs.Slice(lane * inputLength, inputLength).CopyTo(block);
            block[inputLength] ^= 0x1F;
            block[rate - 1] ^= 0x80;
            for (int word = 0; word < rate / 8; word++)
            {
                Unsafe.Add(ref Unsafe.As<Vector512<ulong>, ulong>(ref state[word]), lane) = BinaryPrimitives.ReadUInt64LittleEndian(block[(8 * word)..]);
            }
        }

        for (int produced = 0; produced < outputLength; produced += rate)
        {
            Permute(state);
            int take = Math.Min(rate, outputLength - produced);
            for (int word = 0; word < (take + 7) / 8; word++)
            {
                state[word].CopyTo(column);
                for (int lane = 0; lane < Lanes; lane++)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(bytes, column[lane]);
                    int length = Math.Min(8, take - (8 * word));
                    bytes[..length].CopyTo(outputs.Slice((lane * outputLength) + produced + (8 * word), length));
                }
            }
        }

        state.Clear();
        block.Clear();
        column.Clear();
        bytes.Clear();
    }

    /// <summary>Keccak-f[1600] (24 rounds) on each lane of the 25 state vectors <paramref name="a"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Permute(Span<Vector512<ulong>> a)
    {
        if (!Avx512F.IsSupported)
        {
            throw new PlatformNotSupportedException("AVX-512F is required for eight Keccak lanes");
        }

        a = a[..StateWords];
        for (int round = 0; round < Rounds; round++)
        {
            Vector512<ulong> c0 = Avx512F.TernaryLogic(Avx512F.TernaryLogic(a[0], a[5], a[10], 0x96), a[15], a[20], 0x96);
            Vector512<ulong> c1 = Avx512F.TernaryLogic(Avx512F.TernaryLogic(a[1], a[6], a[11], 0x96), a[16], a[21], 0x96);
            Vector512<ulong> c2 = Avx512F.TernaryLogic(Avx512F.TernaryLogic(a[2], a[7], a[12], 0x96), a[17], a[22], 0x96);
            Vector512<ulong> c3 = Avx512F.TernaryLogic(Avx512F.TernaryLogic(a[3], a[8], a[13], 0x96), a[18], a[23], 0x96);
            Vector512<ulong> c4 = Avx512F.TernaryLogic(Avx512F.TernaryLogic(a[4], a[9], a[14], 0x96), a[19], a[24], 0x96);
            Vector512<ulong> d0 = c4 ^ Avx512F.RotateLeft(c1, 1);
            Vector512<ulong> d1 = c0 ^ Avx512F.RotateLeft(c2, 1);
            Vector512<ulong> d2 = c1 ^ Avx512F.RotateLeft(c3, 1);
            Vector512<ulong> d3 = c2 ^ Avx512F.RotateLeft(c4, 1);
            Vector512<ulong> d4 = c3 ^ Avx512F.RotateLeft(c0, 1);
            Vector512<ulong> b0 = a[0] ^ d0;
            Vector512<ulong> b10 = Avx512F.RotateLeft((a[1] ^ d1), 1);
            Vector512<ulong> b20 = Avx512F.RotateLeft((a[2] ^ d2), 62);
            Vector512<ulong> b5 = Avx512F.RotateLeft((a[3] ^ d3), 28);
            Vector512<ulong> b15 = Avx512F.RotateLeft((a[4] ^ d4), 27);
            Vector512<ulong> b16 = Avx512F.RotateLeft((a[5] ^ d0), 36);
            Vector512<ulong> b1 = Avx512F.RotateLeft((a[6] ^ d1), 44);
            Vector512<ulong> b11 = Avx512F.RotateLeft((a[7] ^ d2), 6);
            Vector512<ulong> b21 = Avx512F.RotateLeft((a[8] ^ d3), 55);
            Vector512<ulong> b6 = Avx512F.RotateLeft((a[9] ^ d4), 20);
            Vector512<ulong> b7 = Avx512F.RotateLeft((a[10] ^ d0), 3);
            Vector512<ulong> b17 = Avx512F.RotateLeft((a[11] ^ d1), 10);
            Vector512<ulong> b2 = Avx512F.RotateLeft((a[12] ^ d2), 43);
            Vector512<ulong> b12 = Avx512F.RotateLeft((a[13] ^ d3), 25);
            Vector512<ulong> b22 = Avx512F.RotateLeft((a[14] ^ d4), 39);
            Vector512<ulong> b23 = Avx512F.RotateLeft((a[15] ^ d0), 41);
            Vector512<ulong> b8 = Avx512F.RotateLeft((a[16] ^ d1), 45);
            Vector512<ulong> b18 = Avx512F.RotateLeft((a[17] ^ d2), 15);
            Vector512<ulong> b3 = Avx512F.RotateLeft((a[18] ^ d3), 21);
            Vector512<ulong> b13 = Avx512F.RotateLeft((a[19] ^ d4), 8);
            Vector512<ulong> b14 = Avx512F.RotateLeft((a[20] ^ d0), 18);
            Vector512<ulong> b24 = Avx512F.RotateLeft((a[21] ^ d1), 2);
            Vector512<ulong> b9 = Avx512F.RotateLeft((a[22] ^ d2), 61);
            Vector512<ulong> b19 = Avx512F.RotateLeft((a[23] ^ d3), 56);
            Vector512<ulong> b4 = Avx512F.RotateLeft((a[24] ^ d4), 14);
            a[0] = Avx512F.TernaryLogic(b0, b1, b2, 0xD2);
            a[1] = Avx512F.TernaryLogic(b1, b2, b3, 0xD2);
            a[2] = Avx512F.TernaryLogic(b2, b3, b4, 0xD2);
            a[3] = Avx512F.TernaryLogic(b3, b4, b0, 0xD2);
            a[4] = Avx512F.TernaryLogic(b4, b0, b1, 0xD2);
            a[5] = Avx512F.TernaryLogic(b5, b6, b7, 0xD2);
            a[6] = Avx512F.TernaryLogic(b6, b7, b8, 0xD2);
            a[7] = Avx512F.TernaryLogic(b7, b8, b9, 0xD2);
            a[8] = Avx512F.TernaryLogic(b8, b9, b5, 0xD2);
            a[9] = Avx512F.TernaryLogic(b9, b5, b6, 0xD2);
            a[10] = Avx512F.TernaryLogic(b10, b11, b12, 0xD2);
            a[11] = Avx512F.TernaryLogic(b11, b12, b13, 0xD2);
            a[12] = Avx512F.TernaryLogic(b12, b13, b14, 0xD2);
            a[13] = Avx512F.TernaryLogic(b13, b14, b10, 0xD2);
            a[14] = Avx512F.TernaryLogic(b14, b10, b11, 0xD2);
            a[15] = Avx512F.TernaryLogic(b15, b16, b17, 0xD2);
            a[16] = Avx512F.TernaryLogic(b16, b17, b18, 0xD2);
            a[17] = Avx512F.TernaryLogic(b17, b18, b19, 0xD2);
            a[18] = Avx512F.TernaryLogic(b18, b19, b15, 0xD2);
            a[19] = Avx512F.TernaryLogic(b19, b15, b16, 0xD2);
            a[20] = Avx512F.TernaryLogic(b20, b21, b22, 0xD2);
            a[21] = Avx512F.TernaryLogic(b21, b22, b23, 0xD2);
            a[22] = Avx512F.TernaryLogic(b22, b23, b24, 0xD2);
            a[23] = Avx512F.TernaryLogic(b23, b24, b20, 0xD2);
            a[24] = Avx512F.TernaryLogic(b24, b20, b21, 0xD2);
            a[0] ^= Vector512.Create(RoundConstants[round]);
        }
    }
}
