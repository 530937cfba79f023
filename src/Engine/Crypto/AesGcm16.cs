using E2eeConformance.Engine.Crypto.Gcm;
using E2eeConformance.Engine.Errors;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// AES-256-GCM with a 16-byte IV and a 16-byte tag, output = ciphertext ‖ tag (REFERENCE-BEHAVIOUR §10, 11).
/// A 16-byte IV makes GCM derive J0 through GHASH; .NET's <c>AesGcm</c> accepts only 12-byte nonces, so this has its
/// own GCM: <see cref="GcmIntrinsics"/> on AES-NI + PCLMULQDQ where the CPU has them, else BouncyCastle's
/// (<see cref="GcmBouncyCastle"/>). Both accept any non-empty IV length (the reference's data blobs use 12 bytes) and
/// give identical bytes.
/// </summary>
public static class AesGcm16
{
    /// <summary>AES-256 key length in bytes.</summary>
    public const int KeyLength = 32;
    /// <summary>IV length in bytes the protocol uses (16; other non-empty lengths are accepted too).</summary>
    public const int IvLength = 16;
    /// <summary>GCM tag length in bytes, appended to the ciphertext.</summary>
    public const int TagLength = 16;

    /// <summary>Tests only: run the BouncyCastle path even where the intrinsic one is supported.</summary>
    internal static bool ForceFallback { get; set; }

    /// <summary>Whether calls run on <see cref="GcmIntrinsics"/> (false: <see cref="GcmBouncyCastle"/>).</summary>
    internal static bool UsesIntrinsics => GcmIntrinsics.IsSupported && !ForceFallback;

    /// <summary>Encrypts with the 48-byte message key: AES key = mk[0..32), IV = mk[32..48) (REFERENCE-BEHAVIOUR §10).</summary>
    public static byte[] Encrypt(MessageKey key, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext) =>
        Encrypt(key.AesKey, key.Iv, associatedData, plaintext);

    /// <summary>Encrypts <paramref name="plaintext"/> with AES-256-GCM; returns ciphertext ‖ 16-byte tag.</summary>
    /// <exception cref="ArgumentException"><paramref name="aesKey"/> is not 32 bytes, or <paramref name="iv"/> is
    /// empty.</exception>
    public static byte[] Encrypt(ReadOnlySpan<byte> aesKey, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext)
    {
        CheckKeyAndIv(aesKey, iv);
        byte[] output = new byte[checked(plaintext.Length + TagLength)];
        if (UsesIntrinsics)
        {
            GcmIntrinsics.Encrypt(aesKey, iv, associatedData, plaintext, output);
        }
        else
        {
            GcmBouncyCastle.Encrypt(aesKey, iv, associatedData, plaintext, output);
        }

        return output;
    }

    /// <summary>Decrypts ciphertext ‖ tag; a wrong tag (or a ciphertext shorter than a tag) is <c>bad_tag</c>.</summary>
    public static byte[] Decrypt(MessageKey key, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertextAndTag) =>
        Decrypt(key.AesKey, key.Iv, associatedData, ciphertextAndTag);

    /// <summary>Decrypts ciphertext ‖ tag with AES-256-GCM and returns the plaintext.</summary>
    /// <exception cref="ProtocolException"><c>bad_tag</c>: the tag does not verify, or the input is shorter than a
    /// tag.</exception>
    /// <exception cref="ArgumentException"><paramref name="aesKey"/> is not 32 bytes, or <paramref name="iv"/> is
    /// empty.</exception>
    public static byte[] Decrypt(ReadOnlySpan<byte> aesKey, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertextAndTag)
    {
        if (ciphertextAndTag.Length < TagLength)
        {
            throw new ProtocolException(ProtocolErrorCode.BadTag, $"ciphertext of {ciphertextAndTag.Length} bytes is shorter than the {TagLength}-byte GCM tag");
        }

        CheckKeyAndIv(aesKey, iv);
        byte[] plaintext = new byte[ciphertextAndTag.Length - TagLength];
        bool valid = UsesIntrinsics
            ? GcmIntrinsics.TryDecrypt(aesKey, iv, associatedData, ciphertextAndTag, plaintext)
            : GcmBouncyCastle.TryDecrypt(aesKey, iv, associatedData, ciphertextAndTag, plaintext);
        if (!valid)
        {
            // The implementations have zeroed the buffer already; the array never leaves this method.
            throw new ProtocolException(ProtocolErrorCode.BadTag, "AES-256-GCM tag did not verify");
        }

        return plaintext;
    }

    private static void CheckKeyAndIv(ReadOnlySpan<byte> aesKey, ReadOnlySpan<byte> iv)
    {
        if (aesKey.Length != KeyLength)
        {
            ThrowHelper.Argument(nameof(aesKey), $"AES-256 key must be {KeyLength} bytes");
        }

        if (iv.IsEmpty)
        {
            ThrowHelper.Argument(nameof(iv), "a GCM IV must be at least 1 byte");
        }
    }
}
