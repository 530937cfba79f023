using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using static System.Numerics.BitOperations;

namespace E2eeConformance.Engine.Crypto.Hashing;

/// <summary>
/// The SHA-512 compression function (FIPS 180-4 §6.4.2): OpenSSL's block function where it is available
/// (<see cref="OpenSslSha512Block"/>), else portable scalar code. The portable code expands the message schedule
/// (W[t] = σ1(W[t−2]) + W[t−7] + σ0(W[t−15]) + W[t−16], σ0(x) = x⋙1 ⊕ x⋙8 ⊕ x≫7, σ1(x) = x⋙19 ⊕ x⋙61 ⊕ x≫6) into
/// 80 words first, then runs the 80 rounds eight at a time with the working variables renamed instead of shifted
/// (as <see cref="Sha256Compression"/> does), each round being
///   T1 = h + Σ1(e) + Ch(e, f, g) + K[t] + W[t];  d += T1;  h = T1 + Σ0(a) + Maj(a, b, c)
/// with Σ0(a) = a⋙28 ⊕ a⋙34 ⊕ a⋙39, Σ1(e) = e⋙14 ⊕ e⋙18 ⊕ e⋙41, Ch = g ⊕ (e ∧ (f ⊕ g)),
/// Maj = (a ∧ b) ∨ (c ∧ (a ∨ b)). All arithmetic is modulo 2^64 (<c>unchecked</c>: the project builds with overflow
/// checks on).
/// </summary>
internal static class Sha512Compression
{
    public const int BlockLength = 128;
    public const int DigestLength = 64;

    public const int Rounds = 80;

    /// <summary>The round constants K[0..79] of FIPS 180-4 §4.2.3.</summary>
    internal static ReadOnlySpan<ulong> K =>
    [
        0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc, 0x3956c25bf348b538,
        0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118, 0xd807aa98a3030242, 0x12835b0145706fbe,
        0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2, 0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235,
        0xc19bf174cf692694, 0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
        0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5, 0x983e5152ee66dfab,
        0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4, 0xc6e00bf33da88fc2, 0xd5a79147930aa725,
        0x06ca6351e003826f, 0x142929670a0e6e70, 0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed,
        0x53380d139d95b3df, 0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
        0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30, 0xd192e819d6ef5218,
        0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8, 0x19a4c116b8d2d0c8, 0x1e376c085141ab53,
        0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8, 0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373,
        0x682e6ff3d6b2b8a3, 0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
        0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b, 0xca273eceea26619c,
        0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178, 0x06f067aa72176fba, 0x0a637dc5a2c898a6,
        0x113f9804bef90dae, 0x1b710b35131c471b, 0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc,
        0x431d67c49c100d4c, 0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
    ];

    /// <summary>
    /// Compresses every 128-byte block of <paramref name="blocks"/> (a whole number of them) into <paramref name="state"/>:
    /// with OpenSSL's block function where it is available (<see cref="OpenSslSha512Block"/>), else with the portable code.
    /// </summary>
    public static void Compress(ref Sha512State state, ReadOnlySpan<byte> blocks)
    {
        if (blocks.Length % BlockLength != 0)
        {
            Errors.ThrowHelper.Argument(nameof(blocks), "SHA-512 compresses whole 128-byte blocks");
        }

        if (OpenSslSha512Block.Available)
        {
            OpenSslSha512Block.Compress(ref state, blocks);
            return;
        }

        CompressPortable(ref state, blocks);
    }

    /// <summary>The portable compression of whole 128-byte blocks (also the reference the library's is checked against).</summary>
    public static void CompressPortable(ref Sha512State state, ReadOnlySpan<byte> blocks)
    {
        if (blocks.Length % BlockLength != 0)
        {
            Errors.ThrowHelper.Argument(nameof(blocks), "SHA-512 compresses whole 128-byte blocks");
        }

        Schedule w = default;
        for (int offset = 0; offset < blocks.Length; offset += BlockLength)
        {
            CompressBlock(ref state, blocks.Slice(offset, BlockLength), w);
        }

        SecretWipe.Span<ulong>(w);
    }

    private static void CompressBlock(ref Sha512State state, ReadOnlySpan<byte> block, Span<ulong> w)
    {
        block = block[..BlockLength];
        w = w[..Rounds];
        ReadOnlySpan<ulong> k = K[..Rounds];
        for (int t = 0; t < 16; t++)
        {
            w[t] = BinaryPrimitives.ReadUInt64BigEndian(block[(8 * t)..]);
        }

        ulong a = state.H0, b = state.H1, c = state.H2, d = state.H3, e = state.H4, f = state.H5, g = state.H6, h = state.H7;
        unchecked
        {
            for (int t = 16; t < Rounds; t++)
            {
                ulong w2 = w[t - 2], w15 = w[t - 15];
                w[t] = (RotateRight(w2, 19) ^ RotateRight(w2, 61) ^ (w2 >> 6)) + w[t - 7]
                    + (RotateRight(w15, 1) ^ RotateRight(w15, 8) ^ (w15 >> 7)) + w[t - 16];
            }

            ulong t1;
            for (int t = 0; t < Rounds; t += 8)
            {
                t1 = h + k[t] + w[t] + (g ^ (e & (f ^ g))) + (RotateRight(e, 14) ^ RotateRight(e, 18) ^ RotateRight(e, 41));
                d += t1;
                h = t1 + ((RotateRight(a, 28) ^ RotateRight(a, 34) ^ RotateRight(a, 39)) + ((a & b) | (c & (a | b))));
                t1 = g + k[t + 1] + w[t + 1] + (f ^ (d & (e ^ f))) + (RotateRight(d, 14) ^ RotateRight(d, 18) ^ RotateRight(d, 41));
                c += t1;
                g = t1 + ((RotateRight(h, 28) ^ RotateRight(h, 34) ^ RotateRight(h, 39)) + ((h & a) | (b & (h | a))));
                t1 = f + k[t + 2] + w[t + 2] + (e ^ (c & (d ^ e))) + (RotateRight(c, 14) ^ RotateRight(c, 18) ^ RotateRight(c, 41));
                b += t1;
                f = t1 + ((RotateRight(g, 28) ^ RotateRight(g, 34) ^ RotateRight(g, 39)) + ((g & h) | (a & (g | h))));
                t1 = e + k[t + 3] + w[t + 3] + (d ^ (b & (c ^ d))) + (RotateRight(b, 14) ^ RotateRight(b, 18) ^ RotateRight(b, 41));
                a += t1;
                e = t1 + ((RotateRight(f, 28) ^ RotateRight(f, 34) ^ RotateRight(f, 39)) + ((f & g) | (h & (f | g))));
                t1 = d + k[t + 4] + w[t + 4] + (c ^ (a & (b ^ c))) + (RotateRight(a, 14) ^ RotateRight(a, 18) ^ RotateRight(a, 41));
                h += t1;
                d = t1 + ((RotateRight(e, 28) ^ RotateRight(e, 34) ^ RotateRight(e, 39)) + ((e & f) | (g & (e | f))));
                t1 = c + k[t + 5] + w[t + 5] + (b ^ (h & (a ^ b))) + (RotateRight(h, 14) ^ RotateRight(h, 18) ^ RotateRight(h, 41));
                g += t1;
                c = t1 + ((RotateRight(d, 28) ^ RotateRight(d, 34) ^ RotateRight(d, 39)) + ((d & e) | (f & (d | e))));
                t1 = b + k[t + 6] + w[t + 6] + (a ^ (g & (h ^ a))) + (RotateRight(g, 14) ^ RotateRight(g, 18) ^ RotateRight(g, 41));
                f += t1;
                b = t1 + ((RotateRight(c, 28) ^ RotateRight(c, 34) ^ RotateRight(c, 39)) + ((c & d) | (e & (c | d))));
                t1 = a + k[t + 7] + w[t + 7] + (h ^ (f & (g ^ h))) + (RotateRight(f, 14) ^ RotateRight(f, 18) ^ RotateRight(f, 41));
                e += t1;
                a = t1 + ((RotateRight(b, 28) ^ RotateRight(b, 34) ^ RotateRight(b, 39)) + ((b & c) | (d & (b | c))));
            }

            state.H0 += a;
            state.H1 += b;
            state.H2 += c;
            state.H3 += d;
            state.H4 += e;
            state.H5 += f;
            state.H6 += g;
            state.H7 += h;
        }
    }

    /// <summary>The 80-word message schedule W[0..79].</summary>
    [InlineArray(Rounds)]
    private struct Schedule
    {
        private ulong _element0;
    }
}
