using E2eeConformance.Engine.Crypto.Hashing;
using E2eeConformance.Engine.Errors;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// HKDF-SHA256 (RFC 5869) and HMAC-SHA256 as the reference calls them (REFERENCE-BEHAVIOUR §9): an empty salt means
/// 32 zero bytes. Both run on a managed SHA-256 with prepared HMAC keys (<see cref="HkdfSha256"/>,
/// <see cref="HmacSha256Key"/>): the per-message derivations are a few 64-byte compressions (message key 8, chain step
/// 4), about 1.5 times faster than .NET's one-shot APIs for inputs this short, which pay a native call per hash and
/// re-key HMAC for every HKDF block. Output is identical to RFC 5869/2104 for every input (where .NET's HKDF on OpenSSL
/// rejects an empty IKM, this returns the RFC's value); no allocation beyond the output. An IKM of a kilobyte or more (the
/// session fingerprint over the post-quantum keys) is extracted by the platform's HMAC-SHA256 instead, which is faster
/// there (<see cref="HkdfSha256.PlatformExtractFrom"/>). Each call is counted by
/// <see cref="KeyDerivationMeter"/> when a scope is open on the thread.
/// </summary>
public static class Kdf
{
    /// <summary>The HKDF labels of the protocol (REFERENCE-BEHAVIOUR §10, 19, 22, 24, 36, 41), as ASCII bytes.</summary>
    public static class Labels
    {
        /// <summary>"ROOT": a new session's root and first chain key (fact 22); a group member's chain (fact 36).</summary>
        public static ReadOnlySpan<byte> Root => "ROOT"u8;

        /// <summary>"RATCHET": the root-key step of an asymmetric ratchet (salt = the current root key).</summary>
        public static ReadOnlySpan<byte> Ratchet => "RATCHET"u8;

        /// <summary>"MessageKeys": the message-key derivation from a chain key.</summary>
        public static ReadOnlySpan<byte> MessageKeys => "MessageKeys"u8;

        /// <summary>"Fingerprint": the session fingerprint from the identity and pre-keys (fact 19).</summary>
        public static ReadOnlySpan<byte> Fingerprint => "Fingerprint"u8;

        /// <summary>Used as the HKDF <em>salt</em> of the group welcome derivation (REFERENCE-BEHAVIOUR §41), with info 0x02.</summary>
        public static ReadOnlySpan<byte> Welcome => "welcome"u8;

        /// <summary>Used as the HKDF <em>salt</em> of the group add derivation (REFERENCE-BEHAVIOUR §41), with info 0x02.</summary>
        public static ReadOnlySpan<byte> Add => "add"u8;
    }

    /// <summary>
    /// HKDF-SHA256(ikm, salt, info) → <paramref name="output"/> (1 to 255 × 32 bytes); an empty salt is 32 zero bytes
    /// (RFC 5869 §2.2).
    /// </summary>
    public static void Hkdf(ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info, Span<byte> output)
    {
        KeyDerivationMeter.Count();
        HkdfSha256.DeriveKey(ikm, salt, info, output);
    }

    /// <summary>
    /// HKDF-SHA256(ikm, salt, info) into a new array of <paramref name="length"/> bytes (1 to 255 × 32); an empty salt
    /// is 32 zero bytes (RFC 5869 §2.2).
    /// </summary>
    public static byte[] Hkdf(ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info, int length)
    {
        byte[] output = new byte[length];
        Hkdf(ikm, salt, info, output);
        return output;
    }

    /// <summary>HMAC-SHA256(key, data) → the first 32 bytes of <paramref name="output"/> (which must hold 32).</summary>
    public static void Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> output)
    {
        if (output.Length < HmacSha256Key.MacLength)
        {
            ThrowHelper.Argument(nameof(output), "Destination is too short.");
        }

        KeyDerivationMeter.Count();
        HmacSha256Key prepared = HmacSha256Key.Create(key);
        prepared.Compute(data, output);
        prepared.Clear();
    }

    /// <summary>HMAC-SHA256(key, data) into a new 32-byte array (RFC 2104).</summary>
    public static byte[] Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        byte[] mac = new byte[HmacSha256Key.MacLength];
        Hmac(key, data, mac);
        return mac;
    }

    /// <summary>SHA-256 of <paramref name="data"/> (32 bytes).</summary>
    public static byte[] Sha256(ReadOnlySpan<byte> data)
    {
        byte[] digest = new byte[Sha256Compression.DigestLength];
        Sha256OneShot.Hash(data, digest);
        return digest;
    }
}
