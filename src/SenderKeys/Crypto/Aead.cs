using System.Security.Cryptography;
using E2eeConformance.SenderKeys.Errors;

namespace E2eeConformance.SenderKeys.Crypto;

/// <summary>
/// AES-256-GCM with a 12-byte nonce and a 16-byte tag (seed 004, "Symmetric encryption: AES-256-GCM"; "Message
/// authentication: AEAD authentication tag"). The output is ciphertext ‖ tag.
/// </summary>
public static class Aead
{
    /// <summary>The tag length.</summary>
    public const int TagLength = 16;

    /// <summary>The nonce length.</summary>
    public const int NonceLength = 12;

    /// <summary>Encrypts: ciphertext ‖ tag.</summary>
    public static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext)
    {
        byte[] output = new byte[plaintext.Length + TagLength];
        using var gcm = new AesGcm(key, TagLength);
        gcm.Encrypt(nonce, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), associatedData);
        return output;
    }

    /// <summary>Decrypts ciphertext ‖ tag; <c>malformed</c> when shorter than a tag, <c>bad_tag</c> when it does not verify.</summary>
    public static byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> sealedText)
    {
        if (sealedText.Length < TagLength)
        {
            throw new SenderKeyException(SenderKeyErrorCode.Malformed, $"a sealed payload is at least its {TagLength}-byte tag, found {sealedText.Length} bytes");
        }

        int length = sealedText.Length - TagLength;
        byte[] plaintext = new byte[length];
        using var gcm = new AesGcm(key, TagLength);
        try
        {
            gcm.Decrypt(nonce, sealedText[..length], sealedText[length..], plaintext, associatedData);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new SenderKeyException(SenderKeyErrorCode.BadTag, "the AES-256-GCM tag does not verify");
        }

        return plaintext;
    }
}
