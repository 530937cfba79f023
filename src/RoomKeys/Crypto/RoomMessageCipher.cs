using System.Security.Cryptography;
using E2eeConformance.RoomKeys.Errors;
using E2eeConformance.RoomKeys.Ports;

namespace E2eeConformance.RoomKeys.Crypto;

/// <summary>
/// A room message under the room key of its generation (seed 002; RK-3, RK-4): AES-256-GCM with a random 12-byte nonce
/// from the port, the associated data binding room, sender and generation; sealed as nonce ‖ ciphertext ‖ 16-byte tag.
/// </summary>
public static class RoomMessageCipher
{
    /// <summary>The nonce length.</summary>
    public const int NonceLength = 12;

    /// <summary>The tag length.</summary>
    public const int TagLength = 16;

    /// <summary>Seals <paramref name="plaintext"/> from <paramref name="sender"/> in <paramref name="roomId"/> under <paramref name="key"/> (generation <paramref name="generation"/>).</summary>
    public static byte[] Seal(RoomKey key, string roomId, string sender, uint generation, ReadOnlySpan<byte> plaintext, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(random);
        byte[] sealedText = new byte[NonceLength + plaintext.Length + TagLength];
        Span<byte> nonce = sealedText.AsSpan(0, NonceLength);
        random.Fill(nonce);
        using var aes = new AesGcm(key.Bytes, TagLength);
        aes.Encrypt(nonce, plaintext, sealedText.AsSpan(NonceLength, plaintext.Length), sealedText.AsSpan(NonceLength + plaintext.Length), RoomKeyLabel.OfMessage(roomId, sender, generation));
        return sealedText;
    }

    /// <summary>Opens a sealed message: <c>malformed</c> when it is too short, <c>bad_tag</c> when anything it binds differs.</summary>
    public static byte[] Open(RoomKey key, string roomId, string sender, uint generation, ReadOnlySpan<byte> sealedText)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (sealedText.Length < NonceLength + TagLength)
        {
            throw new RoomKeyException(RoomKeyErrorCode.Malformed, $"a sealed room message has at least {NonceLength + TagLength} bytes, not {sealedText.Length}");
        }

        byte[] plaintext = new byte[sealedText.Length - NonceLength - TagLength];
        using var aes = new AesGcm(key.Bytes, TagLength);
        try
        {
            aes.Decrypt(sealedText[..NonceLength], sealedText[NonceLength..^TagLength], sealedText[^TagLength..], plaintext, RoomKeyLabel.OfMessage(roomId, sender, generation));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new RoomKeyException(RoomKeyErrorCode.BadTag, $"a message of {sender} in {roomId} (generation {generation}) does not verify");
        }

        return plaintext;
    }
}
