using System.Security.Cryptography;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// HKDF-SHA256 (RFC 5869) and HMAC-SHA256 as the reference calls them (PROTOCOL-FACTS 9): an empty salt means
/// 32 zero bytes. Uses .NET's one-shot span APIs (faster than BouncyCastle's, no allocation beyond the output).
/// </summary>
public static class Kdf
{
    /// <summary>The HKDF labels of the protocol (PROTOCOL-FACTS 10, 19, 22, 24, 41), as ASCII bytes.</summary>
    public static class Labels
    {
        public static ReadOnlySpan<byte> Root => "ROOT"u8;

        public static ReadOnlySpan<byte> Ratchet => "RATCHET"u8;

        public static ReadOnlySpan<byte> MessageKeys => "MessageKeys"u8;

        public static ReadOnlySpan<byte> Fingerprint => "Fingerprint"u8;

        /// <summary>Used as the HKDF <em>salt</em> of the group welcome derivation (fact 41), with info 0x02.</summary>
        public static ReadOnlySpan<byte> Welcome => "welcome"u8;

        /// <summary>Used as the HKDF <em>salt</em> of the group add derivation (fact 41), with info 0x02.</summary>
        public static ReadOnlySpan<byte> Add => "add"u8;
    }

    private static readonly byte[] ZeroSalt = new byte[32];

    /// <summary>HKDF-SHA256(ikm, salt, info) → <paramref name="output"/>; an empty salt is 32 zero bytes (RFC 5869 §2.2).</summary>
    public static void Hkdf(ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info, Span<byte> output) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, output, salt.IsEmpty ? ZeroSalt : salt, info);

    public static byte[] Hkdf(ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info, int length)
    {
        byte[] output = new byte[length];
        Hkdf(ikm, salt, info, output);
        return output;
    }

    /// <summary>HMAC-SHA256(key, data) → 32 bytes.</summary>
    public static void Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> output) =>
        HMACSHA256.HashData(key, data, output);

    public static byte[] Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => HMACSHA256.HashData(key, data);

    public static byte[] Sha256(ReadOnlySpan<byte> data) => SHA256.HashData(data);
}
