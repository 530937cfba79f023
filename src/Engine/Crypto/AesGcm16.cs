using E2eeConformance.Engine.Errors;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// AES-256-GCM with a 16-byte IV and a 16-byte tag, output = ciphertext ‖ tag (PROTOCOL-FACTS 10, 11).
/// A 16-byte IV makes GCM derive J0 through GHASH; .NET's <c>AesGcm</c> accepts only 12-byte nonces, so this uses
/// BouncyCastle's GCM (a fresh cipher per call: it refuses to re-use a key/nonce pair for encryption).
/// </summary>
public static class AesGcm16
{
    public const int KeyLength = 32;
    public const int IvLength = 16;
    public const int TagLength = 16;
    private const int TagBits = TagLength * 8;

    /// <summary>Encrypts with the 48-byte message key: AES key = mk[0..32), IV = mk[32..48) (fact 10).</summary>
    public static byte[] Encrypt(MessageKey key, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext) =>
        Encrypt(key.AesKey, key.Iv, associatedData, plaintext);

    public static byte[] Encrypt(ReadOnlySpan<byte> aesKey, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext)
    {
        GcmBlockCipher gcm = Create(true, aesKey, iv, associatedData);
        byte[] output = new byte[gcm.GetOutputSize(plaintext.Length)];
        int n = gcm.ProcessBytes(plaintext, output);
        n += gcm.DoFinal(output.AsSpan(n));
        EngineInvariantException.Check(n == output.Length, "GCM output length");
        return output;
    }

    /// <summary>Decrypts ciphertext ‖ tag; a wrong tag (or a ciphertext shorter than a tag) is <c>bad_tag</c>.</summary>
    public static byte[] Decrypt(MessageKey key, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertextAndTag) =>
        Decrypt(key.AesKey, key.Iv, associatedData, ciphertextAndTag);

    public static byte[] Decrypt(ReadOnlySpan<byte> aesKey, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertextAndTag)
    {
        if (ciphertextAndTag.Length < TagLength)
        {
            throw new ProtocolException(ProtocolErrorCode.BadTag, $"ciphertext of {ciphertextAndTag.Length} bytes is shorter than the {TagLength}-byte GCM tag");
        }

        GcmBlockCipher gcm = Create(false, aesKey, iv, associatedData);
        byte[] output = new byte[gcm.GetOutputSize(ciphertextAndTag.Length)];
        try
        {
            int n = gcm.ProcessBytes(ciphertextAndTag, output);
            n += gcm.DoFinal(output.AsSpan(n));
            return n == output.Length ? output : output[..n];
        }
        catch (InvalidCipherTextException e)
        {
            throw new ProtocolException(ProtocolErrorCode.BadTag, "AES-256-GCM tag did not verify", e);
        }
    }

    private static GcmBlockCipher Create(bool forEncryption, ReadOnlySpan<byte> aesKey, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> associatedData)
    {
        if (aesKey.Length != KeyLength)
        {
            ThrowHelper.Argument(nameof(aesKey), $"AES-256 key must be {KeyLength} bytes");
        }

        var gcm = new GcmBlockCipher(new AesEngine());
        gcm.Init(forEncryption, new AeadParameters(new KeyParameter(aesKey), TagBits, iv.ToArray()));
        gcm.ProcessAadBytes(associatedData);
        return gcm;
    }
}
