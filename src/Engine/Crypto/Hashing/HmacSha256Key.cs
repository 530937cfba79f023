using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace E2eeConformance.Engine.Crypto.Hashing;

/// <summary>
/// An HMAC-SHA256 key (RFC 2104) prepared once: the SHA-256 midstates after the blocks K0 ⊕ ipad and K0 ⊕ opad, where
/// K0 is the key zero-padded to 64 bytes, or its SHA-256 digest zero-padded when the key is longer than 64 bytes. Each
/// MAC under a prepared key then costs two compressions fewer, which is what makes HKDF's expand (one key, several
/// blocks) and a fixed salt (the protocol's 32 zero bytes) cheap. A message of at most 55 bytes (every protocol HMAC)
/// takes the single-block path: two compressions per MAC, no hasher.
/// </summary>
internal struct HmacSha256Key
{
    public const int MacLength = Sha256Compression.DigestLength;

    /// <summary>The longest message whose inner hash is one block after the key block (64 − 1 − 8 bytes).</summary>
    private const int SingleBlockMessage = Sha256Compression.BlockLength - 9;
    private const ulong Ipad = 0x3636363636363636;
    private const ulong Opad = 0x5c5c5c5c5c5c5c5c;

    private Sha256State _inner;
    private Sha256State _outer;

    public static HmacSha256Key Create(ReadOnlySpan<byte> key)
    {
        Sha256Block block = default;
        Span<byte> k0 = block;
        if (key.Length > Sha256Compression.BlockLength)
        {
            Sha256Hasher.Hash(key, k0);
        }
        else
        {
            key.CopyTo(k0);
        }

        HmacSha256Key prepared = default;
        Span<ulong> words = MemoryMarshal.Cast<byte, ulong>(k0);
        Xor(words, Ipad);
        prepared._inner = Sha256State.Initial;
        Sha256Compression.Compress(ref prepared._inner, k0);
        Xor(words, Ipad ^ Opad);
        prepared._outer = Sha256State.Initial;
        Sha256Compression.Compress(ref prepared._outer, k0);
        CryptographicOperations.ZeroMemory(k0);
        return prepared;
    }

    /// <summary>HMAC(key, data) into the first 32 bytes of <paramref name="mac"/>.</summary>
    public readonly void Compute(ReadOnlySpan<byte> data, Span<byte> mac) => Compute(data, [], [], mac);

    /// <summary>
    /// HMAC(key, part1 ‖ part2 ‖ part3) into the first 32 bytes of <paramref name="mac"/>; the parts are read before
    /// <paramref name="mac"/> is written, so a part may be the previous MAC (HKDF's T(i − 1)).
    /// </summary>
    public readonly void Compute(ReadOnlySpan<byte> part1, ReadOnlySpan<byte> part2, ReadOnlySpan<byte> part3, Span<byte> mac)
    {
        mac = mac[..MacLength];
        long length = (long)part1.Length + part2.Length + part3.Length;
        Sha256Block block = default;
        Span<byte> buffer = block;
        Sha256State state;
        if (length <= SingleBlockMessage)
        {
            // Inner hash: the key block is already in _inner; one block holds message ‖ 0x80 ‖ 0… ‖ [bit length]₆₄.
            part1.CopyTo(buffer);
            part2.CopyTo(buffer[part1.Length..]);
            part3.CopyTo(buffer[(part1.Length + part2.Length)..]);
            buffer[(int)length] = 0x80;
            BinaryPrimitives.WriteUInt64BigEndian(buffer[^8..], unchecked((ulong)(Sha256Compression.BlockLength + length) << 3));
            state = _inner;
            Sha256Compression.Compress(ref state, buffer);
            CryptographicOperations.ZeroMemory(buffer);
        }
        else
        {
            Sha256Hasher hasher = Sha256Hasher.Resume(_inner, Sha256Compression.BlockLength);
            hasher.Append(part1);
            hasher.Append(part2);
            hasher.Append(part3);
            state = hasher.FinishState();
            hasher.Clear();
        }

        // Outer hash: one block holds the 32-byte inner digest ‖ 0x80 ‖ 0… ‖ [(64 + 32) × 8]₆₄.
        state.WriteDigest(buffer);
        buffer[MacLength] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(buffer[^8..], (Sha256Compression.BlockLength + MacLength) * 8);
        state = _outer;
        Sha256Compression.Compress(ref state, buffer);
        state.WriteDigest(mac);
        CryptographicOperations.ZeroMemory(buffer);
        SecretWipe.Value(ref state);
    }

    /// <summary>Wipes the key midstates.</summary>
    public void Clear() => SecretWipe.Value(ref this);

    private static void Xor(Span<ulong> words, ulong pad)
    {
        for (int i = 0; i < words.Length; i++)
        {
            words[i] ^= pad;
        }
    }
}
