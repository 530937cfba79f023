using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace E2eeConformance.Engine.Crypto.Gcm;

/// <summary>
/// AES-256-GCM with a 16-byte tag on BouncyCastle, for CPUs without AES-NI/PCLMULQDQ: <see cref="GcmBlockCipher"/>
/// over <see cref="AesUtilities.CreateEngine"/> (BouncyCastle's own AES-NI engine where available, else its table
/// AES). A fresh cipher per call: it refuses to re-use a key/nonce pair for encryption. Same contract as
/// <see cref="GcmIntrinsics"/>.
/// </summary>
internal static class GcmBouncyCastle
{
    public const int TagLength = 16;

    public static void Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext, Span<byte> ciphertextAndTag)
    {
        if (ciphertextAndTag.Length != plaintext.Length + TagLength)
        {
            Errors.ThrowHelper.Argument(nameof(ciphertextAndTag), "GCM output must be the plaintext length plus the tag");
        }

        GcmBlockCipher gcm = Create(true, key, iv, associatedData);
        int n = gcm.ProcessBytes(plaintext, ciphertextAndTag);
        n += gcm.DoFinal(ciphertextAndTag[n..]);
        Errors.EngineInvariantException.Check(n == ciphertextAndTag.Length, "GCM output length");
    }

    public static bool TryDecrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertextAndTag, Span<byte> plaintext)
    {
        if (ciphertextAndTag.Length < TagLength || plaintext.Length != ciphertextAndTag.Length - TagLength)
        {
            Errors.ThrowHelper.Argument(nameof(plaintext), "GCM plaintext must be the ciphertext length minus the tag");
        }

        GcmBlockCipher gcm = Create(false, key, iv, associatedData);
        try
        {
            int n = gcm.ProcessBytes(ciphertextAndTag, plaintext);
            n += gcm.DoFinal(plaintext[n..]);
            Errors.EngineInvariantException.Check(n == plaintext.Length, "GCM output length");
            return true;
        }
        catch (InvalidCipherTextException)
        {
            // BouncyCastle releases blocks before the tag is checked: wipe them.
            CryptographicOperations.ZeroMemory(plaintext);
            return false;
        }
    }

    private static GcmBlockCipher Create(bool forEncryption, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> associatedData)
    {
        if (key.Length != Aes256Ni.KeyLength)
        {
            Errors.ThrowHelper.Argument(nameof(key), $"AES-256 key must be {Aes256Ni.KeyLength} bytes");
        }

        if (iv.IsEmpty)
        {
            Errors.ThrowHelper.Argument(nameof(iv), "a GCM IV must be at least 1 byte");
        }

        var gcm = new GcmBlockCipher(AesUtilities.CreateEngine());
        gcm.Init(forEncryption, new AeadParameters(new KeyParameter(key), TagLength * 8, iv.ToArray()));
        gcm.ProcessAadBytes(associatedData);
        return gcm;
    }
}
