namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// What a receiver does with the message key it found for a ciphertext. Honest devices decrypt
/// (<see cref="Decrypt"/>). The harness's active adversary, holding a copy of a receiver's state, reseals
/// (<see cref="ResealWith"/>): it decrypts to prove the key is the message's, then encrypts a replacement under that
/// same key and associated data, so the key itself never leaves the engine (issue 14 §1, "re-encrypt with keys an
/// adversary holds"). The output takes the place of the plaintext in the decryption's result.
/// </summary>
public abstract class MessageOpener
{
    private protected MessageOpener()
    {
    }

    /// <summary>Decrypts: the output is the plaintext (an honest receiver).</summary>
    public static MessageOpener Decrypt { get; } = new Decrypting();

    /// <summary>Decrypts, then encrypts <paramref name="replacement"/> under the same key: the output is the new ciphertext.</summary>
    public static MessageOpener ResealWith(ReadOnlySpan<byte> replacement) => new Resealing(replacement.ToArray());

    /// <summary>Uses the message key on the ciphertext; throws <c>bad_tag</c> when it is not the message's key.</summary>
    internal abstract byte[] Open(MessageKey key, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertext);

    private sealed class Decrypting : MessageOpener
    {
        internal override byte[] Open(MessageKey key, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertext) =>
            AesGcm16.Decrypt(key, associatedData, ciphertext);
    }

    private sealed class Resealing(byte[] replacement) : MessageOpener
    {
        internal override byte[] Open(MessageKey key, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertext)
        {
            byte[] original = AesGcm16.Decrypt(key, associatedData, ciphertext);
            Array.Clear(original);
            return AesGcm16.Encrypt(key, associatedData, replacement);
        }
    }
}
