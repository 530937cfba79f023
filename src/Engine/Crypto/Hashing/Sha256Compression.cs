using System.Buffers.Binary;
using static System.Numerics.BitOperations;

namespace E2eeConformance.Engine.Crypto.Hashing;

/// <summary>
/// The SHA-256 compression function (FIPS 180-4 §6.2.2) in portable scalar code. The 64 rounds are written out, with
/// the round constants K[t] as literals, the working variables renamed instead of shifted (round t writes the
/// variables that play d and h in it), and the message schedule kept as a rolling window of 16 words (W[t] replaces
/// W[t − 16] in place). Written flat, without helper calls: nested inlinees exhaust the JIT's inlining budget for a
/// method this long and the variables then spill to the stack, which made it three times slower. Each round is
///   T1 = h + Σ1(e) + Ch(e, f, g) + K[t] + W[t];  d += T1;  h = T1 + Σ0(a) + Maj(a, b, c)
/// with Σ1(e) = e⋙6 ⊕ e⋙11 ⊕ e⋙25, Ch = g ⊕ (e ∧ (f ⊕ g)), Σ0(a) = a⋙2 ⊕ a⋙13 ⊕ a⋙22, Maj = (a ∧ b) ∨ (c ∧ (a ∨ b)),
/// and each schedule step W[t] = σ1(W[t−2]) + W[t−7] + σ0(W[t−15]) + W[t−16] with σ0(x) = x⋙7 ⊕ x⋙18 ⊕ x≫3 and
/// σ1(x) = x⋙17 ⊕ x⋙19 ⊕ x≫10. T1 is summed as ((h + K[t]) + W[t]) + Ch + Σ1 so that only the last two additions wait
/// for e. All arithmetic is modulo 2^32 (<c>unchecked</c>: the project builds with overflow checks on).
/// </summary>
internal static class Sha256Compression
{
    public const int BlockLength = 64;
    public const int DigestLength = 32;

    /// <summary>
    /// Compresses every 64-byte block of <paramref name="blocks"/> (a whole number of them) into <paramref name="state"/>:
    /// with OpenSSL's block function where it is available (<see cref="OpenSslSha256Block"/>), else with the portable code.
    /// </summary>
    public static void Compress(ref Sha256State state, ReadOnlySpan<byte> blocks)
    {
        if (blocks.Length % BlockLength != 0)
        {
            Errors.ThrowHelper.Argument(nameof(blocks), "SHA-256 compresses whole 64-byte blocks");
        }

        if (OpenSslSha256Block.Available)
        {
            OpenSslSha256Block.Compress(ref state, blocks);
            return;
        }

        CompressPortable(ref state, blocks);
    }

    /// <summary>The portable compression of whole 64-byte blocks (also the reference the library's is checked against).</summary>
    public static void CompressPortable(ref Sha256State state, ReadOnlySpan<byte> blocks)
    {
        if (blocks.Length % BlockLength != 0)
        {
            Errors.ThrowHelper.Argument(nameof(blocks), "SHA-256 compresses whole 64-byte blocks");
        }

        for (int offset = 0; offset < blocks.Length; offset += BlockLength)
        {
            CompressBlock(ref state, blocks.Slice(offset, BlockLength));
        }
    }

    private static void CompressBlock(ref Sha256State state, ReadOnlySpan<byte> block)
    {
        block = block[..BlockLength];
        uint w15 = BinaryPrimitives.ReadUInt32BigEndian(block[60..]);
        uint w0 = BinaryPrimitives.ReadUInt32BigEndian(block[0..]);
        uint w1 = BinaryPrimitives.ReadUInt32BigEndian(block[4..]);
        uint w2 = BinaryPrimitives.ReadUInt32BigEndian(block[8..]);
        uint w3 = BinaryPrimitives.ReadUInt32BigEndian(block[12..]);
        uint w4 = BinaryPrimitives.ReadUInt32BigEndian(block[16..]);
        uint w5 = BinaryPrimitives.ReadUInt32BigEndian(block[20..]);
        uint w6 = BinaryPrimitives.ReadUInt32BigEndian(block[24..]);
        uint w7 = BinaryPrimitives.ReadUInt32BigEndian(block[28..]);
        uint w8 = BinaryPrimitives.ReadUInt32BigEndian(block[32..]);
        uint w9 = BinaryPrimitives.ReadUInt32BigEndian(block[36..]);
        uint w10 = BinaryPrimitives.ReadUInt32BigEndian(block[40..]);
        uint w11 = BinaryPrimitives.ReadUInt32BigEndian(block[44..]);
        uint w12 = BinaryPrimitives.ReadUInt32BigEndian(block[48..]);
        uint w13 = BinaryPrimitives.ReadUInt32BigEndian(block[52..]);
        uint w14 = BinaryPrimitives.ReadUInt32BigEndian(block[56..]);
        uint a = state.H0, b = state.H1, c = state.H2, d = state.H3, e = state.H4, f = state.H5, g = state.H6, h = state.H7;
        uint t1;
        unchecked
        {
            // Rounds 0–15.
            t1 = h + 0x428a2f98u + w0 + (g ^ (e & (f ^ g))) + (RotateRight(e, 6) ^ RotateRight(e, 11) ^ RotateRight(e, 25));
            d += t1;
            h = t1 + ((RotateRight(a, 2) ^ RotateRight(a, 13) ^ RotateRight(a, 22)) + ((a & b) | (c & (a | b))));
            t1 = g + 0x71374491u + w1 + (f ^ (d & (e ^ f))) + (RotateRight(d, 6) ^ RotateRight(d, 11) ^ RotateRight(d, 25));
            c += t1;
            g = t1 + ((RotateRight(h, 2) ^ RotateRight(h, 13) ^ RotateRight(h, 22)) + ((h & a) | (b & (h | a))));
            t1 = f + 0xb5c0fbcfu + w2 + (e ^ (c & (d ^ e))) + (RotateRight(c, 6) ^ RotateRight(c, 11) ^ RotateRight(c, 25));
            b += t1;
            f = t1 + ((RotateRight(g, 2) ^ RotateRight(g, 13) ^ RotateRight(g, 22)) + ((g & h) | (a & (g | h))));
            t1 = e + 0xe9b5dba5u + w3 + (d ^ (b & (c ^ d))) + (RotateRight(b, 6) ^ RotateRight(b, 11) ^ RotateRight(b, 25));
            a += t1;
            e = t1 + ((RotateRight(f, 2) ^ RotateRight(f, 13) ^ RotateRight(f, 22)) + ((f & g) | (h & (f | g))));
            t1 = d + 0x3956c25bu + w4 + (c ^ (a & (b ^ c))) + (RotateRight(a, 6) ^ RotateRight(a, 11) ^ RotateRight(a, 25));
            h += t1;
            d = t1 + ((RotateRight(e, 2) ^ RotateRight(e, 13) ^ RotateRight(e, 22)) + ((e & f) | (g & (e | f))));
            t1 = c + 0x59f111f1u + w5 + (b ^ (h & (a ^ b))) + (RotateRight(h, 6) ^ RotateRight(h, 11) ^ RotateRight(h, 25));
            g += t1;
            c = t1 + ((RotateRight(d, 2) ^ RotateRight(d, 13) ^ RotateRight(d, 22)) + ((d & e) | (f & (d | e))));
            t1 = b + 0x923f82a4u + w6 + (a ^ (g & (h ^ a))) + (RotateRight(g, 6) ^ RotateRight(g, 11) ^ RotateRight(g, 25));
            f += t1;
            b = t1 + ((RotateRight(c, 2) ^ RotateRight(c, 13) ^ RotateRight(c, 22)) + ((c & d) | (e & (c | d))));
            t1 = a + 0xab1c5ed5u + w7 + (h ^ (f & (g ^ h))) + (RotateRight(f, 6) ^ RotateRight(f, 11) ^ RotateRight(f, 25));
            e += t1;
            a = t1 + ((RotateRight(b, 2) ^ RotateRight(b, 13) ^ RotateRight(b, 22)) + ((b & c) | (d & (b | c))));
            t1 = h + 0xd807aa98u + w8 + (g ^ (e & (f ^ g))) + (RotateRight(e, 6) ^ RotateRight(e, 11) ^ RotateRight(e, 25));
            d += t1;
            h = t1 + ((RotateRight(a, 2) ^ RotateRight(a, 13) ^ RotateRight(a, 22)) + ((a & b) | (c & (a | b))));
            t1 = g + 0x12835b01u + w9 + (f ^ (d & (e ^ f))) + (RotateRight(d, 6) ^ RotateRight(d, 11) ^ RotateRight(d, 25));
            c += t1;
            g = t1 + ((RotateRight(h, 2) ^ RotateRight(h, 13) ^ RotateRight(h, 22)) + ((h & a) | (b & (h | a))));
            t1 = f + 0x243185beu + w10 + (e ^ (c & (d ^ e))) + (RotateRight(c, 6) ^ RotateRight(c, 11) ^ RotateRight(c, 25));
            b += t1;
            f = t1 + ((RotateRight(g, 2) ^ RotateRight(g, 13) ^ RotateRight(g, 22)) + ((g & h) | (a & (g | h))));
            t1 = e + 0x550c7dc3u + w11 + (d ^ (b & (c ^ d))) + (RotateRight(b, 6) ^ RotateRight(b, 11) ^ RotateRight(b, 25));
            a += t1;
            e = t1 + ((RotateRight(f, 2) ^ RotateRight(f, 13) ^ RotateRight(f, 22)) + ((f & g) | (h & (f | g))));
            t1 = d + 0x72be5d74u + w12 + (c ^ (a & (b ^ c))) + (RotateRight(a, 6) ^ RotateRight(a, 11) ^ RotateRight(a, 25));
            h += t1;
            d = t1 + ((RotateRight(e, 2) ^ RotateRight(e, 13) ^ RotateRight(e, 22)) + ((e & f) | (g & (e | f))));
            t1 = c + 0x80deb1feu + w13 + (b ^ (h & (a ^ b))) + (RotateRight(h, 6) ^ RotateRight(h, 11) ^ RotateRight(h, 25));
            g += t1;
            c = t1 + ((RotateRight(d, 2) ^ RotateRight(d, 13) ^ RotateRight(d, 22)) + ((d & e) | (f & (d | e))));
            t1 = b + 0x9bdc06a7u + w14 + (a ^ (g & (h ^ a))) + (RotateRight(g, 6) ^ RotateRight(g, 11) ^ RotateRight(g, 25));
            f += t1;
            b = t1 + ((RotateRight(c, 2) ^ RotateRight(c, 13) ^ RotateRight(c, 22)) + ((c & d) | (e & (c | d))));
            t1 = a + 0xc19bf174u + w15 + (h ^ (f & (g ^ h))) + (RotateRight(f, 6) ^ RotateRight(f, 11) ^ RotateRight(f, 25));
            e += t1;
            a = t1 + ((RotateRight(b, 2) ^ RotateRight(b, 13) ^ RotateRight(b, 22)) + ((b & c) | (d & (b | c))));

            // Rounds 16–31 (each first extends the schedule by one word).
            w0 += (RotateRight(w1, 7) ^ RotateRight(w1, 18) ^ (w1 >> 3)) + w9 + (RotateRight(w14, 17) ^ RotateRight(w14, 19) ^ (w14 >> 10));
            t1 = h + 0xe49b69c1u + w0 + (g ^ (e & (f ^ g))) + (RotateRight(e, 6) ^ RotateRight(e, 11) ^ RotateRight(e, 25));
            d += t1;
            h = t1 + ((RotateRight(a, 2) ^ RotateRight(a, 13) ^ RotateRight(a, 22)) + ((a & b) | (c & (a | b))));
            w1 += (RotateRight(w2, 7) ^ RotateRight(w2, 18) ^ (w2 >> 3)) + w10 + (RotateRight(w15, 17) ^ RotateRight(w15, 19) ^ (w15 >> 10));
            t1 = g + 0xefbe4786u + w1 + (f ^ (d & (e ^ f))) + (RotateRight(d, 6) ^ RotateRight(d, 11) ^ RotateRight(d, 25));
            c += t1;
            g = t1 + ((RotateRight(h, 2) ^ RotateRight(h, 13) ^ RotateRight(h, 22)) + ((h & a) | (b & (h | a))));
            w2 += (RotateRight(w3, 7) ^ RotateRight(w3, 18) ^ (w3 >> 3)) + w11 + (RotateRight(w0, 17) ^ RotateRight(w0, 19) ^ (w0 >> 10));
            t1 = f + 0x0fc19dc6u + w2 + (e ^ (c & (d ^ e))) + (RotateRight(c, 6) ^ RotateRight(c, 11) ^ RotateRight(c, 25));
            b += t1;
            f = t1 + ((RotateRight(g, 2) ^ RotateRight(g, 13) ^ RotateRight(g, 22)) + ((g & h) | (a & (g | h))));
            w3 += (RotateRight(w4, 7) ^ RotateRight(w4, 18) ^ (w4 >> 3)) + w12 + (RotateRight(w1, 17) ^ RotateRight(w1, 19) ^ (w1 >> 10));
            t1 = e + 0x240ca1ccu + w3 + (d ^ (b & (c ^ d))) + (RotateRight(b, 6) ^ RotateRight(b, 11) ^ RotateRight(b, 25));
            a += t1;
            e = t1 + ((RotateRight(f, 2) ^ RotateRight(f, 13) ^ RotateRight(f, 22)) + ((f & g) | (h & (f | g))));
            w4 += (RotateRight(w5, 7) ^ RotateRight(w5, 18) ^ (w5 >> 3)) + w13 + (RotateRight(w2, 17) ^ RotateRight(w2, 19) ^ (w2 >> 10));
            t1 = d + 0x2de92c6fu + w4 + (c ^ (a & (b ^ c))) + (RotateRight(a, 6) ^ RotateRight(a, 11) ^ RotateRight(a, 25));
            h += t1;
            d = t1 + ((RotateRight(e, 2) ^ RotateRight(e, 13) ^ RotateRight(e, 22)) + ((e & f) | (g & (e | f))));
            w5 += (RotateRight(w6, 7) ^ RotateRight(w6, 18) ^ (w6 >> 3)) + w14 + (RotateRight(w3, 17) ^ RotateRight(w3, 19) ^ (w3 >> 10));
            t1 = c + 0x4a7484aau + w5 + (b ^ (h & (a ^ b))) + (RotateRight(h, 6) ^ RotateRight(h, 11) ^ RotateRight(h, 25));
            g += t1;
            c = t1 + ((RotateRight(d, 2) ^ RotateRight(d, 13) ^ RotateRight(d, 22)) + ((d & e) | (f & (d | e))));
            w6 += (RotateRight(w7, 7) ^ RotateRight(w7, 18) ^ (w7 >> 3)) + w15 + (RotateRight(w4, 17) ^ RotateRight(w4, 19) ^ (w4 >> 10));
            t1 = b + 0x5cb0a9dcu + w6 + (a ^ (g & (h ^ a))) + (RotateRight(g, 6) ^ RotateRight(g, 11) ^ RotateRight(g, 25));
            f += t1;
            b = t1 + ((RotateRight(c, 2) ^ RotateRight(c, 13) ^ RotateRight(c, 22)) + ((c & d) | (e & (c | d))));
            w7 += (RotateRight(w8, 7) ^ RotateRight(w8, 18) ^ (w8 >> 3)) + w0 + (RotateRight(w5, 17) ^ RotateRight(w5, 19) ^ (w5 >> 10));
            t1 = a + 0x76f988dau + w7 + (h ^ (f & (g ^ h))) + (RotateRight(f, 6) ^ RotateRight(f, 11) ^ RotateRight(f, 25));
            e += t1;
            a = t1 + ((RotateRight(b, 2) ^ RotateRight(b, 13) ^ RotateRight(b, 22)) + ((b & c) | (d & (b | c))));
            w8 += (RotateRight(w9, 7) ^ RotateRight(w9, 18) ^ (w9 >> 3)) + w1 + (RotateRight(w6, 17) ^ RotateRight(w6, 19) ^ (w6 >> 10));
            t1 = h + 0x983e5152u + w8 + (g ^ (e & (f ^ g))) + (RotateRight(e, 6) ^ RotateRight(e, 11) ^ RotateRight(e, 25));
            d += t1;
            h = t1 + ((RotateRight(a, 2) ^ RotateRight(a, 13) ^ RotateRight(a, 22)) + ((a & b) | (c & (a | b))));
            w9 += (RotateRight(w10, 7) ^ RotateRight(w10, 18) ^ (w10 >> 3)) + w2 + (RotateRight(w7, 17) ^ RotateRight(w7, 19) ^ (w7 >> 10));
            t1 = g + 0xa831c66du + w9 + (f ^ (d & (e ^ f))) + (RotateRight(d, 6) ^ RotateRight(d, 11) ^ RotateRight(d, 25));
            c += t1;
            g = t1 + ((RotateRight(h, 2) ^ RotateRight(h, 13) ^ RotateRight(h, 22)) + ((h & a) | (b & (h | a))));
            w10 += (RotateRight(w11, 7) ^ RotateRight(w11, 18) ^ (w11 >> 3)) + w3 + (RotateRight(w8, 17) ^ RotateRight(w8, 19) ^ (w8 >> 10));
            t1 = f + 0xb00327c8u + w10 + (e ^ (c & (d ^ e))) + (RotateRight(c, 6) ^ RotateRight(c, 11) ^ RotateRight(c, 25));
            b += t1;
            f = t1 + ((RotateRight(g, 2) ^ RotateRight(g, 13) ^ RotateRight(g, 22)) + ((g & h) | (a & (g | h))));
            w11 += (RotateRight(w12, 7) ^ RotateRight(w12, 18) ^ (w12 >> 3)) + w4 + (RotateRight(w9, 17) ^ RotateRight(w9, 19) ^ (w9 >> 10));
            t1 = e + 0xbf597fc7u + w11 + (d ^ (b & (c ^ d))) + (RotateRight(b, 6) ^ RotateRight(b, 11) ^ RotateRight(b, 25));
            a += t1;
            e = t1 + ((RotateRight(f, 2) ^ RotateRight(f, 13) ^ RotateRight(f, 22)) + ((f & g) | (h & (f | g))));
            w12 += (RotateRight(w13, 7) ^ RotateRight(w13, 18) ^ (w13 >> 3)) + w5 + (RotateRight(w10, 17) ^ RotateRight(w10, 19) ^ (w10 >> 10));
            t1 = d + 0xc6e00bf3u + w12 + (c ^ (a & (b ^ c))) + (RotateRight(a, 6) ^ RotateRight(a, 11) ^ RotateRight(a, 25));
            h += t1;
            d = t1 + ((RotateRight(e, 2) ^ RotateRight(e, 13) ^ RotateRight(e, 22)) + ((e & f) | (g & (e | f))));
            w13 += (RotateRight(w14, 7) ^ RotateRight(w14, 18) ^ (w14 >> 3)) + w6 + (RotateRight(w11, 17) ^ RotateRight(w11, 19) ^ (w11 >> 10));
            t1 = c + 0xd5a79147u + w13 + (b ^ (h & (a ^ b))) + (RotateRight(h, 6) ^ RotateRight(h, 11) ^ RotateRight(h, 25));
            g += t1;
            c = t1 + ((RotateRight(d, 2) ^ RotateRight(d, 13) ^ RotateRight(d, 22)) + ((d & e) | (f & (d | e))));
            w14 += (RotateRight(w15, 7) ^ RotateRight(w15, 18) ^ (w15 >> 3)) + w7 + (RotateRight(w12, 17) ^ RotateRight(w12, 19) ^ (w12 >> 10));
            t1 = b + 0x06ca6351u + w14 + (a ^ (g & (h ^ a))) + (RotateRight(g, 6) ^ RotateRight(g, 11) ^ RotateRight(g, 25));
            f += t1;
            b = t1 + ((RotateRight(c, 2) ^ RotateRight(c, 13) ^ RotateRight(c, 22)) + ((c & d) | (e & (c | d))));
            w15 += (RotateRight(w0, 7) ^ RotateRight(w0, 18) ^ (w0 >> 3)) + w8 + (RotateRight(w13, 17) ^ RotateRight(w13, 19) ^ (w13 >> 10));
            t1 = a + 0x14292967u + w15 + (h ^ (f & (g ^ h))) + (RotateRight(f, 6) ^ RotateRight(f, 11) ^ RotateRight(f, 25));
            e += t1;
            a = t1 + ((RotateRight(b, 2) ^ RotateRight(b, 13) ^ RotateRight(b, 22)) + ((b & c) | (d & (b | c))));

            // Rounds 32–47 (each first extends the schedule by one word).
            w0 += (RotateRight(w1, 7) ^ RotateRight(w1, 18) ^ (w1 >> 3)) + w9 + (RotateRight(w14, 17) ^ RotateRight(w14, 19) ^ (w14 >> 10));
            t1 = h + 0x27b70a85u + w0 + (g ^ (e & (f ^ g))) + (RotateRight(e, 6) ^ RotateRight(e, 11) ^ RotateRight(e, 25));
            d += t1;
            h = t1 + ((RotateRight(a, 2) ^ RotateRight(a, 13) ^ RotateRight(a, 22)) + ((a & b) | (c & (a | b))));
            w1 += (RotateRight(w2, 7) ^ RotateRight(w2, 18) ^ (w2 >> 3)) + w10 + (RotateRight(w15, 17) ^ RotateRight(w15, 19) ^ (w15 >> 10));
            t1 = g + 0x2e1b2138u + w1 + (f ^ (d & (e ^ f))) + (RotateRight(d, 6) ^ RotateRight(d, 11) ^ RotateRight(d, 25));
            c += t1;
            g = t1 + ((RotateRight(h, 2) ^ RotateRight(h, 13) ^ RotateRight(h, 22)) + ((h & a) | (b & (h | a))));
            w2 += (RotateRight(w3, 7) ^ RotateRight(w3, 18) ^ (w3 >> 3)) + w11 + (RotateRight(w0, 17) ^ RotateRight(w0, 19) ^ (w0 >> 10));
            t1 = f + 0x4d2c6dfcu + w2 + (e ^ (c & (d ^ e))) + (RotateRight(c, 6) ^ RotateRight(c, 11) ^ RotateRight(c, 25));
            b += t1;
            f = t1 + ((RotateRight(g, 2) ^ RotateRight(g, 13) ^ RotateRight(g, 22)) + ((g & h) | (a & (g | h))));
            w3 += (RotateRight(w4, 7) ^ RotateRight(w4, 18) ^ (w4 >> 3)) + w12 + (RotateRight(w1, 17) ^ RotateRight(w1, 19) ^ (w1 >> 10));
            t1 = e + 0x53380d13u + w3 + (d ^ (b & (c ^ d))) + (RotateRight(b, 6) ^ RotateRight(b, 11) ^ RotateRight(b, 25));
            a += t1;
            e = t1 + ((RotateRight(f, 2) ^ RotateRight(f, 13) ^ RotateRight(f, 22)) + ((f & g) | (h & (f | g))));
            w4 += (RotateRight(w5, 7) ^ RotateRight(w5, 18) ^ (w5 >> 3)) + w13 + (RotateRight(w2, 17) ^ RotateRight(w2, 19) ^ (w2 >> 10));
            t1 = d + 0x650a7354u + w4 + (c ^ (a & (b ^ c))) + (RotateRight(a, 6) ^ RotateRight(a, 11) ^ RotateRight(a, 25));
            h += t1;
            d = t1 + ((RotateRight(e, 2) ^ RotateRight(e, 13) ^ RotateRight(e, 22)) + ((e & f) | (g & (e | f))));
            w5 += (RotateRight(w6, 7) ^ RotateRight(w6, 18) ^ (w6 >> 3)) + w14 + (RotateRight(w3, 17) ^ RotateRight(w3, 19) ^ (w3 >> 10));
            t1 = c + 0x766a0abbu + w5 + (b ^ (h & (a ^ b))) + (RotateRight(h, 6) ^ RotateRight(h, 11) ^ RotateRight(h, 25));
            g += t1;
            c = t1 + ((RotateRight(d, 2) ^ RotateRight(d, 13) ^ RotateRight(d, 22)) + ((d & e) | (f & (d | e))));
            w6 += (RotateRight(w7, 7) ^ RotateRight(w7, 18) ^ (w7 >> 3)) + w15 + (RotateRight(w4, 17) ^ RotateRight(w4, 19) ^ (w4 >> 10));
            t1 = b + 0x81c2c92eu + w6 + (a ^ (g & (h ^ a))) + (RotateRight(g, 6) ^ RotateRight(g, 11) ^ RotateRight(g, 25));
            f += t1;
            b = t1 + ((RotateRight(c, 2) ^ RotateRight(c, 13) ^ RotateRight(c, 22)) + ((c & d) | (e & (c | d))));
            w7 += (RotateRight(w8, 7) ^ RotateRight(w8, 18) ^ (w8 >> 3)) + w0 + (RotateRight(w5, 17) ^ RotateRight(w5, 19) ^ (w5 >> 10));
            t1 = a + 0x92722c85u + w7 + (h ^ (f & (g ^ h))) + (RotateRight(f, 6) ^ RotateRight(f, 11) ^ RotateRight(f, 25));
            e += t1;
            a = t1 + ((RotateRight(b, 2) ^ RotateRight(b, 13) ^ RotateRight(b, 22)) + ((b & c) | (d & (b | c))));
            w8 += (RotateRight(w9, 7) ^ RotateRight(w9, 18) ^ (w9 >> 3)) + w1 + (RotateRight(w6, 17) ^ RotateRight(w6, 19) ^ (w6 >> 10));
            t1 = h + 0xa2bfe8a1u + w8 + (g ^ (e & (f ^ g))) + (RotateRight(e, 6) ^ RotateRight(e, 11) ^ RotateRight(e, 25));
            d += t1;
            h = t1 + ((RotateRight(a, 2) ^ RotateRight(a, 13) ^ RotateRight(a, 22)) + ((a & b) | (c & (a | b))));
            w9 += (RotateRight(w10, 7) ^ RotateRight(w10, 18) ^ (w10 >> 3)) + w2 + (RotateRight(w7, 17) ^ RotateRight(w7, 19) ^ (w7 >> 10));
            t1 = g + 0xa81a664bu + w9 + (f ^ (d & (e ^ f))) + (RotateRight(d, 6) ^ RotateRight(d, 11) ^ RotateRight(d, 25));
            c += t1;
            g = t1 + ((RotateRight(h, 2) ^ RotateRight(h, 13) ^ RotateRight(h, 22)) + ((h & a) | (b & (h | a))));
            w10 += (RotateRight(w11, 7) ^ RotateRight(w11, 18) ^ (w11 >> 3)) + w3 + (RotateRight(w8, 17) ^ RotateRight(w8, 19) ^ (w8 >> 10));
            t1 = f + 0xc24b8b70u + w10 + (e ^ (c & (d ^ e))) + (RotateRight(c, 6) ^ RotateRight(c, 11) ^ RotateRight(c, 25));
            b += t1;
            f = t1 + ((RotateRight(g, 2) ^ RotateRight(g, 13) ^ RotateRight(g, 22)) + ((g & h) | (a & (g | h))));
            w11 += (RotateRight(w12, 7) ^ RotateRight(w12, 18) ^ (w12 >> 3)) + w4 + (RotateRight(w9, 17) ^ RotateRight(w9, 19) ^ (w9 >> 10));
            t1 = e + 0xc76c51a3u + w11 + (d ^ (b & (c ^ d))) + (RotateRight(b, 6) ^ RotateRight(b, 11) ^ RotateRight(b, 25));
            a += t1;
            e = t1 + ((RotateRight(f, 2) ^ RotateRight(f, 13) ^ RotateRight(f, 22)) + ((f & g) | (h & (f | g))));
            w12 += (RotateRight(w13, 7) ^ RotateRight(w13, 18) ^ (w13 >> 3)) + w5 + (RotateRight(w10, 17) ^ RotateRight(w10, 19) ^ (w10 >> 10));
            t1 = d + 0xd192e819u + w12 + (c ^ (a & (b ^ c))) + (RotateRight(a, 6) ^ RotateRight(a, 11) ^ RotateRight(a, 25));
            h += t1;
            d = t1 + ((RotateRight(e, 2) ^ RotateRight(e, 13) ^ RotateRight(e, 22)) + ((e & f) | (g & (e | f))));
            w13 += (RotateRight(w14, 7) ^ RotateRight(w14, 18) ^ (w14 >> 3)) + w6 + (RotateRight(w11, 17) ^ RotateRight(w11, 19) ^ (w11 >> 10));
            t1 = c + 0xd6990624u + w13 + (b ^ (h & (a ^ b))) + (RotateRight(h, 6) ^ RotateRight(h, 11) ^ RotateRight(h, 25));
            g += t1;
            c = t1 + ((RotateRight(d, 2) ^ RotateRight(d, 13) ^ RotateRight(d, 22)) + ((d & e) | (f & (d | e))));
            w14 += (RotateRight(w15, 7) ^ RotateRight(w15, 18) ^ (w15 >> 3)) + w7 + (RotateRight(w12, 17) ^ RotateRight(w12, 19) ^ (w12 >> 10));
            t1 = b + 0xf40e3585u + w14 + (a ^ (g & (h ^ a))) + (RotateRight(g, 6) ^ RotateRight(g, 11) ^ RotateRight(g, 25));
            f += t1;
            b = t1 + ((RotateRight(c, 2) ^ RotateRight(c, 13) ^ RotateRight(c, 22)) + ((c & d) | (e & (c | d))));
            w15 += (RotateRight(w0, 7) ^ RotateRight(w0, 18) ^ (w0 >> 3)) + w8 + (RotateRight(w13, 17) ^ RotateRight(w13, 19) ^ (w13 >> 10));
            t1 = a + 0x106aa070u + w15 + (h ^ (f & (g ^ h))) + (RotateRight(f, 6) ^ RotateRight(f, 11) ^ RotateRight(f, 25));
            e += t1;
            a = t1 + ((RotateRight(b, 2) ^ RotateRight(b, 13) ^ RotateRight(b, 22)) + ((b & c) | (d & (b | c))));

            // Rounds 48–63 (each first extends the schedule by one word).
            w0 += (RotateRight(w1, 7) ^ RotateRight(w1, 18) ^ (w1 >> 3)) + w9 + (RotateRight(w14, 17) ^ RotateRight(w14, 19) ^ (w14 >> 10));
            t1 = h + 0x19a4c116u + w0 + (g ^ (e & (f ^ g))) + (RotateRight(e, 6) ^ RotateRight(e, 11) ^ RotateRight(e, 25));
            d += t1;
            h = t1 + ((RotateRight(a, 2) ^ RotateRight(a, 13) ^ RotateRight(a, 22)) + ((a & b) | (c & (a | b))));
            w1 += (RotateRight(w2, 7) ^ RotateRight(w2, 18) ^ (w2 >> 3)) + w10 + (RotateRight(w15, 17) ^ RotateRight(w15, 19) ^ (w15 >> 10));
            t1 = g + 0x1e376c08u + w1 + (f ^ (d & (e ^ f))) + (RotateRight(d, 6) ^ RotateRight(d, 11) ^ RotateRight(d, 25));
            c += t1;
            g = t1 + ((RotateRight(h, 2) ^ RotateRight(h, 13) ^ RotateRight(h, 22)) + ((h & a) | (b & (h | a))));
            w2 += (RotateRight(w3, 7) ^ RotateRight(w3, 18) ^ (w3 >> 3)) + w11 + (RotateRight(w0, 17) ^ RotateRight(w0, 19) ^ (w0 >> 10));
            t1 = f + 0x2748774cu + w2 + (e ^ (c & (d ^ e))) + (RotateRight(c, 6) ^ RotateRight(c, 11) ^ RotateRight(c, 25));
            b += t1;
            f = t1 + ((RotateRight(g, 2) ^ RotateRight(g, 13) ^ RotateRight(g, 22)) + ((g & h) | (a & (g | h))));
            w3 += (RotateRight(w4, 7) ^ RotateRight(w4, 18) ^ (w4 >> 3)) + w12 + (RotateRight(w1, 17) ^ RotateRight(w1, 19) ^ (w1 >> 10));
            t1 = e + 0x34b0bcb5u + w3 + (d ^ (b & (c ^ d))) + (RotateRight(b, 6) ^ RotateRight(b, 11) ^ RotateRight(b, 25));
            a += t1;
            e = t1 + ((RotateRight(f, 2) ^ RotateRight(f, 13) ^ RotateRight(f, 22)) + ((f & g) | (h & (f | g))));
            w4 += (RotateRight(w5, 7) ^ RotateRight(w5, 18) ^ (w5 >> 3)) + w13 + (RotateRight(w2, 17) ^ RotateRight(w2, 19) ^ (w2 >> 10));
            t1 = d + 0x391c0cb3u + w4 + (c ^ (a & (b ^ c))) + (RotateRight(a, 6) ^ RotateRight(a, 11) ^ RotateRight(a, 25));
            h += t1;
            d = t1 + ((RotateRight(e, 2) ^ RotateRight(e, 13) ^ RotateRight(e, 22)) + ((e & f) | (g & (e | f))));
            w5 += (RotateRight(w6, 7) ^ RotateRight(w6, 18) ^ (w6 >> 3)) + w14 + (RotateRight(w3, 17) ^ RotateRight(w3, 19) ^ (w3 >> 10));
            t1 = c + 0x4ed8aa4au + w5 + (b ^ (h & (a ^ b))) + (RotateRight(h, 6) ^ RotateRight(h, 11) ^ RotateRight(h, 25));
            g += t1;
            c = t1 + ((RotateRight(d, 2) ^ RotateRight(d, 13) ^ RotateRight(d, 22)) + ((d & e) | (f & (d | e))));
            w6 += (RotateRight(w7, 7) ^ RotateRight(w7, 18) ^ (w7 >> 3)) + w15 + (RotateRight(w4, 17) ^ RotateRight(w4, 19) ^ (w4 >> 10));
            t1 = b + 0x5b9cca4fu + w6 + (a ^ (g & (h ^ a))) + (RotateRight(g, 6) ^ RotateRight(g, 11) ^ RotateRight(g, 25));
            f += t1;
            b = t1 + ((RotateRight(c, 2) ^ RotateRight(c, 13) ^ RotateRight(c, 22)) + ((c & d) | (e & (c | d))));
            w7 += (RotateRight(w8, 7) ^ RotateRight(w8, 18) ^ (w8 >> 3)) + w0 + (RotateRight(w5, 17) ^ RotateRight(w5, 19) ^ (w5 >> 10));
            t1 = a + 0x682e6ff3u + w7 + (h ^ (f & (g ^ h))) + (RotateRight(f, 6) ^ RotateRight(f, 11) ^ RotateRight(f, 25));
            e += t1;
            a = t1 + ((RotateRight(b, 2) ^ RotateRight(b, 13) ^ RotateRight(b, 22)) + ((b & c) | (d & (b | c))));
            w8 += (RotateRight(w9, 7) ^ RotateRight(w9, 18) ^ (w9 >> 3)) + w1 + (RotateRight(w6, 17) ^ RotateRight(w6, 19) ^ (w6 >> 10));
            t1 = h + 0x748f82eeu + w8 + (g ^ (e & (f ^ g))) + (RotateRight(e, 6) ^ RotateRight(e, 11) ^ RotateRight(e, 25));
            d += t1;
            h = t1 + ((RotateRight(a, 2) ^ RotateRight(a, 13) ^ RotateRight(a, 22)) + ((a & b) | (c & (a | b))));
            w9 += (RotateRight(w10, 7) ^ RotateRight(w10, 18) ^ (w10 >> 3)) + w2 + (RotateRight(w7, 17) ^ RotateRight(w7, 19) ^ (w7 >> 10));
            t1 = g + 0x78a5636fu + w9 + (f ^ (d & (e ^ f))) + (RotateRight(d, 6) ^ RotateRight(d, 11) ^ RotateRight(d, 25));
            c += t1;
            g = t1 + ((RotateRight(h, 2) ^ RotateRight(h, 13) ^ RotateRight(h, 22)) + ((h & a) | (b & (h | a))));
            w10 += (RotateRight(w11, 7) ^ RotateRight(w11, 18) ^ (w11 >> 3)) + w3 + (RotateRight(w8, 17) ^ RotateRight(w8, 19) ^ (w8 >> 10));
            t1 = f + 0x84c87814u + w10 + (e ^ (c & (d ^ e))) + (RotateRight(c, 6) ^ RotateRight(c, 11) ^ RotateRight(c, 25));
            b += t1;
            f = t1 + ((RotateRight(g, 2) ^ RotateRight(g, 13) ^ RotateRight(g, 22)) + ((g & h) | (a & (g | h))));
            w11 += (RotateRight(w12, 7) ^ RotateRight(w12, 18) ^ (w12 >> 3)) + w4 + (RotateRight(w9, 17) ^ RotateRight(w9, 19) ^ (w9 >> 10));
            t1 = e + 0x8cc70208u + w11 + (d ^ (b & (c ^ d))) + (RotateRight(b, 6) ^ RotateRight(b, 11) ^ RotateRight(b, 25));
            a += t1;
            e = t1 + ((RotateRight(f, 2) ^ RotateRight(f, 13) ^ RotateRight(f, 22)) + ((f & g) | (h & (f | g))));
            w12 += (RotateRight(w13, 7) ^ RotateRight(w13, 18) ^ (w13 >> 3)) + w5 + (RotateRight(w10, 17) ^ RotateRight(w10, 19) ^ (w10 >> 10));
            t1 = d + 0x90befffau + w12 + (c ^ (a & (b ^ c))) + (RotateRight(a, 6) ^ RotateRight(a, 11) ^ RotateRight(a, 25));
            h += t1;
            d = t1 + ((RotateRight(e, 2) ^ RotateRight(e, 13) ^ RotateRight(e, 22)) + ((e & f) | (g & (e | f))));
            w13 += (RotateRight(w14, 7) ^ RotateRight(w14, 18) ^ (w14 >> 3)) + w6 + (RotateRight(w11, 17) ^ RotateRight(w11, 19) ^ (w11 >> 10));
            t1 = c + 0xa4506cebu + w13 + (b ^ (h & (a ^ b))) + (RotateRight(h, 6) ^ RotateRight(h, 11) ^ RotateRight(h, 25));
            g += t1;
            c = t1 + ((RotateRight(d, 2) ^ RotateRight(d, 13) ^ RotateRight(d, 22)) + ((d & e) | (f & (d | e))));
            w14 += (RotateRight(w15, 7) ^ RotateRight(w15, 18) ^ (w15 >> 3)) + w7 + (RotateRight(w12, 17) ^ RotateRight(w12, 19) ^ (w12 >> 10));
            t1 = b + 0xbef9a3f7u + w14 + (a ^ (g & (h ^ a))) + (RotateRight(g, 6) ^ RotateRight(g, 11) ^ RotateRight(g, 25));
            f += t1;
            b = t1 + ((RotateRight(c, 2) ^ RotateRight(c, 13) ^ RotateRight(c, 22)) + ((c & d) | (e & (c | d))));
            w15 += (RotateRight(w0, 7) ^ RotateRight(w0, 18) ^ (w0 >> 3)) + w8 + (RotateRight(w13, 17) ^ RotateRight(w13, 19) ^ (w13 >> 10));
            t1 = a + 0xc67178f2u + w15 + (h ^ (f & (g ^ h))) + (RotateRight(f, 6) ^ RotateRight(f, 11) ^ RotateRight(f, 25));
            e += t1;
            a = t1 + ((RotateRight(b, 2) ^ RotateRight(b, 13) ^ RotateRight(b, 22)) + ((b & c) | (d & (b | c))));

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
}
