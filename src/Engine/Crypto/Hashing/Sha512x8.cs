using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace E2eeConformance.Engine.Crypto.Hashing;

/// <summary>
/// Eight independent SHA-512 compressions at once (FIPS 180-4 §6.4.2), one per 64-bit lane of AVX-512 vectors, laid
/// out as <see cref="Sha256x16"/> lays out SHA-256. SLH-DSA-SHA2-256s hashes each inner node of its FORS and XMSS trees
/// and each WOTS+ public key with SHA-512; eight at a time a block costs about 67 ns against 145 for OpenSSL's
/// one-block function on this project's machine (issue 17). The rounds are those of <see cref="Sha512Compression"/>,
/// with each Σ and σ and their exclusive-or in one ternary-logic instruction and Ch, Maj likewise. All arithmetic is
/// modulo 2^64 (vector additions wrap).
/// </summary>
internal static class Sha512x8
{
    /// <summary>Blocks per call.</summary>
    public const int Lanes = 8;

    /// <summary>The same <paramref name="state"/> in every lane of <paramref name="lanes"/> (eight vectors, H0..H7).</summary>
    public static void Broadcast(in Sha512State state, Span<Vector512<ulong>> lanes)
    {
        lanes[0] = Vector512.Create(state.H0);
        lanes[1] = Vector512.Create(state.H1);
        lanes[2] = Vector512.Create(state.H2);
        lanes[3] = Vector512.Create(state.H3);
        lanes[4] = Vector512.Create(state.H4);
        lanes[5] = Vector512.Create(state.H5);
        lanes[6] = Vector512.Create(state.H6);
        lanes[7] = Vector512.Create(state.H7);
    }

    /// <summary>
    /// The message words of block <paramref name="block"/> of each of eight messages laid one after the other in
    /// <paramref name="messages"/>, <paramref name="stride"/> bytes apart: word t of message i's block in lane i of
    /// <paramref name="words"/>[t].
    /// </summary>
    public static void LoadBlocks(ReadOnlySpan<byte> messages, int stride, int block, Span<Vector512<ulong>> words)
    {
        Span<ulong> column = stackalloc ulong[Lanes];
        int offset = block * Sha512Compression.BlockLength;
        for (int t = 0; t < 16; t++)
        {
            for (int lane = 0; lane < Lanes; lane++)
            {
                column[lane] = BinaryPrimitives.ReadUInt64BigEndian(messages.Slice((lane * stride) + offset + (8 * t), 8));
            }

            words[t] = Vector512.Create<ulong>(column);
        }

        column.Clear();
    }

    /// <summary>The first 32 bytes of each lane's digest encoding (SHA-512 truncated to n = 32), lane i at 32·i of <paramref name="digests"/>.</summary>
    public static void StoreDigests32(ReadOnlySpan<Vector512<ulong>> state, Span<byte> digests)
    {
        Span<ulong> column = stackalloc ulong[Lanes];
        for (int word = 0; word < 4; word++)
        {
            state[word].CopyTo(column);
            for (int lane = 0; lane < Lanes; lane++)
            {
                BinaryPrimitives.WriteUInt64BigEndian(digests.Slice((lane * 32) + (8 * word), 8), column[lane]);
            }
        }

        column.Clear();
    }

    /// <summary>
    /// One compression in every lane: the eight state vectors <paramref name="state"/> absorb the sixteen message-word
    /// vectors <paramref name="words"/> (overwritten by the message schedule).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compress(Span<Vector512<ulong>> state, Span<Vector512<ulong>> words)
    {
        if (!Avx512F.IsSupported)
        {
            throw new PlatformNotSupportedException("AVX-512F is required for eight SHA-512 lanes");
        }

        state = state[..8];
        words = words[..16];
        Vector512<ulong> a = state[0], b = state[1], c = state[2], d = state[3];
        Vector512<ulong> e = state[4], f = state[5], g = state[6], h = state[7];
        ReadOnlySpan<ulong> k = Sha512Compression.K;
        for (int t = 0; t < Sha512Compression.Rounds; t++)
        {
            Vector512<ulong> w;
            if (t < 16)
            {
                w = words[t];
            }
            else
            {
                Vector512<ulong> w15 = words[(t - 15) & 15], w2 = words[(t - 2) & 15];
                Vector512<ulong> s0 = Avx512F.TernaryLogic(Avx512F.RotateRight(w15, 1), Avx512F.RotateRight(w15, 8), Avx512F.ShiftRightLogical(w15, 7), 0x96);
                Vector512<ulong> s1 = Avx512F.TernaryLogic(Avx512F.RotateRight(w2, 19), Avx512F.RotateRight(w2, 61), Avx512F.ShiftRightLogical(w2, 6), 0x96);
                w = words[t & 15] + s0 + s1 + words[(t - 7) & 15];
                words[t & 15] = w;
            }

            Vector512<ulong> bigSigma1 = Avx512F.TernaryLogic(Avx512F.RotateRight(e, 14), Avx512F.RotateRight(e, 18), Avx512F.RotateRight(e, 41), 0x96);
            Vector512<ulong> t1 = h + Vector512.Create(k[t]) + w + Avx512F.TernaryLogic(e, f, g, 0xCA) + bigSigma1;
            Vector512<ulong> bigSigma0 = Avx512F.TernaryLogic(Avx512F.RotateRight(a, 28), Avx512F.RotateRight(a, 34), Avx512F.RotateRight(a, 39), 0x96);
            Vector512<ulong> t2 = bigSigma0 + Avx512F.TernaryLogic(a, b, c, 0xE8);
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }

        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
}
