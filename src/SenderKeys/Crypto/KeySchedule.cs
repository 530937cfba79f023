using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace E2eeConformance.SenderKeys.Crypto;

/// <summary>
/// Every key the family derives (seed 004, "Key derivation: HKDF-SHA-256"; "hash ratchet"). Decisions, each named in
/// docs/protocols/sender-keys.md:
/// <list type="bullet">
/// <item>SK-3 pairwise keys are directional: HKDF-SHA-256(ikm = ECDH secret, salt = none, info = label ‖ sender key ‖
/// recipient key), 32 bytes; each direction has its own key, so counters never collide under one key. No header key
/// (the optional one of the seed): the metadata the server forwards is visible to it anyway.</item>
/// <item>SK-4 the nonce of a pairwise message is 4 zero bytes ‖ the sender's counter (64-bit big-endian): unique per
/// key because the counter only grows.</item>
/// <item>SK-5 the sender-key chain: message key MK = HMAC-SHA-256(CK, 0x01), next chain key CK' = HMAC-SHA-256(CK,
/// 0x02); a group message's AES key and nonce are HKDF-SHA-256(MK, info = label), 44 bytes split 32 ‖ 12.</item>
/// </list>
/// </summary>
public static class KeySchedule
{
    /// <summary>The length of every symmetric key: pairwise keys, chain keys, message keys and AES-256 keys.</summary>
    public const int KeyLength = 32;

    private static readonly byte[] PairwiseLabel = Encoding.ASCII.GetBytes("e2ee-conformance/sender-keys/v1/pairwise");

    private static readonly byte[] GroupMessageLabel = Encoding.ASCII.GetBytes("e2ee-conformance/sender-keys/v1/group-message");

    /// <summary>The directional key for messages from <paramref name="sender"/> to <paramref name="recipient"/>.</summary>
    public static byte[] PairwiseKey(ReadOnlySpan<byte> sharedSecret, P256PublicKey sender, P256PublicKey recipient)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(recipient);
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, sharedSecret.ToArray(), KeyLength, salt: [], info: [.. PairwiseLabel, .. sender.Encoded, .. recipient.Encoded]);
    }

    /// <summary>The nonce of the pairwise message with <paramref name="counter"/>.</summary>
    public static byte[] PairwiseNonce(ulong counter)
    {
        byte[] nonce = new byte[Aead.NonceLength];
        BinaryPrimitives.WriteUInt64BigEndian(nonce.AsSpan(4), counter);
        return nonce;
    }

    /// <summary>The message key of a chain key.</summary>
    public static byte[] MessageKey(ReadOnlySpan<byte> chainKey) => HMACSHA256.HashData(chainKey, [0x01]);

    /// <summary>The chain key after <paramref name="chainKey"/>.</summary>
    public static byte[] NextChainKey(ReadOnlySpan<byte> chainKey) => HMACSHA256.HashData(chainKey, [0x02]);

    /// <summary>The AES key and nonce of a group message from its message key.</summary>
    public static (byte[] Key, byte[] Nonce) GroupMessageKeys(ReadOnlySpan<byte> messageKey)
    {
        byte[] okm = HKDF.DeriveKey(HashAlgorithmName.SHA256, messageKey.ToArray(), KeyLength + Aead.NonceLength, salt: [], info: GroupMessageLabel);
        return (okm[..KeyLength], okm[KeyLength..]);
    }
}
