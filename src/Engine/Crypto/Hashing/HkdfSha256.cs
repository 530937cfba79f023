using System.Security.Cryptography;

namespace E2eeConformance.Engine.Crypto.Hashing;

/// <summary>
/// HKDF-SHA256 (RFC 5869) on the managed SHA-256 with prepared HMAC keys: the extract key for an empty salt (which
/// HMAC pads to the same 64 zero bytes as the protocol's 32-zero-byte salt) is prepared once, and the PRK is prepared
/// once for all expand blocks. The protocol's message key, HKDF(ck, 0^32, "MessageKeys", 48), is eight compressions.
/// </summary>
internal static class HkdfSha256
{
    public const int HashLength = Sha256Compression.DigestLength;
    public const int MaxOutputLength = 255 * HashLength;

    /// <summary>
    /// From this IKM length on, the extract runs on the platform's HMAC-SHA256 (OpenSSL, with the CPU's SHA instructions
    /// where it has them): the managed compression costs about 0.2 µs a block, a platform call about 1.5 µs plus far less
    /// per block, so the long inputs — the session fingerprint over four ML-KEM-1024 keys (6 KB, REFERENCE-BEHAVIOUR §19:
    /// 21 µs managed, 6 µs here), a group chain from seed ‖ ML-DSA-87 key (2.6 KB) — cost a third. Short, per-message
    /// inputs stay managed, where the platform call would cost more than it saves.
    /// </summary>
    internal const int PlatformExtractFrom = 1024;

    /// <summary>HMAC key of the empty salt = the 32-zero-byte salt (both pad to 64 zero bytes).</summary>
    private static readonly HmacSha256Key ZeroSaltKey = HmacSha256Key.Create([]);

    /// <summary>The protocol's empty salt as bytes, for the platform HMAC.</summary>
    private static readonly byte[] ZeroSalt = new byte[HashLength];

    /// <summary>OKM = HKDF-Expand(HKDF-Extract(salt, ikm), info, L = output.Length), with L in 1..8160 as .NET's HKDF.</summary>
    public static void DeriveKey(ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info, Span<byte> output)
    {
        CheckOutputLength(output.Length);
        Span<byte> prk = stackalloc byte[HashLength];
        Extract(salt, ikm, prk);
        Expand(prk, info, output);
        CryptographicOperations.ZeroMemory(prk);
    }

    /// <summary>
    /// PRK = HMAC-SHA256(salt, ikm) (RFC 5869 §2.2); an empty salt is HashLen zero bytes. An IKM of at least
    /// <see cref="PlatformExtractFrom"/> bytes is hashed by the platform's HMAC-SHA256 instead (same value).
    /// </summary>
    public static void Extract(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> ikm, Span<byte> prk)
    {
        if (ikm.Length >= PlatformExtractFrom)
        {
            HMACSHA256.HashData(salt.IsEmpty ? ZeroSalt : salt, ikm, prk[..HashLength]);
            return;
        }

        if (salt.IsEmpty)
        {
            ZeroSaltKey.Compute(ikm, prk);
            return;
        }

        HmacSha256Key key = HmacSha256Key.Create(salt);
        key.Compute(ikm, prk);
        key.Clear();
    }

    /// <summary>OKM = T(1) ‖ T(2) ‖ … truncated, T(i) = HMAC(prk, T(i − 1) ‖ info ‖ i), T(0) empty (RFC 5869 §2.3).</summary>
    public static void Expand(ReadOnlySpan<byte> prk, ReadOnlySpan<byte> info, Span<byte> output)
    {
        CheckOutputLength(output.Length);
        if (info.Overlaps(output))
        {
            // T(1) is written before T(2) reads info: work on a copy.
            info = info.ToArray();
        }

        HmacSha256Key key = HmacSha256Key.Create(prk);
        Span<byte> t = stackalloc byte[HashLength];
        Span<byte> counter = stackalloc byte[1];
        int previousLength = 0;
        for (int offset = 0, i = 1; offset < output.Length; offset += HashLength, i++)
        {
            counter[0] = (byte)i;
            key.Compute(t[..previousLength], info, counter, t);
            previousLength = HashLength;
            int n = Math.Min(HashLength, output.Length - offset);
            t[..n].CopyTo(output[offset..]);
        }

        key.Clear();
        CryptographicOperations.ZeroMemory(t);
    }

    private static void CheckOutputLength(int length)
    {
        if (length == 0)
        {
            Errors.ThrowHelper.Argument("output", "Destination is too short.");
        }

        if (length > MaxOutputLength)
        {
            Errors.ThrowHelper.Argument("output", $"Output keying material length can be at most {MaxOutputLength} bytes (255 * hash length).");
        }
    }
}
