using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// A 48-byte message key = HKDF(chain_key, salt 0^32, "MessageKeys", 48): AES-256 key ‖ 16-byte GCM IV
/// (seed 000 §One2one message; REFERENCE-BEHAVIOUR §10; identical for group messages).
/// </summary>
public sealed class MessageKey : IDisposable
{
    private readonly SecretBytes _bytes;

    private MessageKey(SecretBytes bytes) => _bytes = bytes;

    /// <summary>
    /// Derives the message key of <paramref name="chainKey"/>: HKDF(chain key, salt 0^32, "MessageKeys", 48)
    /// (REFERENCE-BEHAVIOUR §10).
    /// </summary>
    public static MessageKey FromChainKey(ReadOnlySpan<byte> chainKey)
    {
        byte[] mk = new byte[ProtocolLimits.MessageKeyLength];
        Kdf.Hkdf(chainKey, [], Kdf.Labels.MessageKeys, mk);
        return new MessageKey(SecretBytes.Own(mk));
    }

    /// <summary>
    /// Wraps an already derived 48-byte key (a copy of <paramref name="derivedKey"/>), e.g. a skipped key read back
    /// from state.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="derivedKey"/> is not
    /// <see cref="ProtocolLimits.MessageKeyLength"/> bytes.</exception>
    public static MessageKey FromBytes(ReadOnlySpan<byte> derivedKey)
    {
        if (derivedKey.Length != ProtocolLimits.MessageKeyLength)
        {
            throw new ArgumentException($"a message key is {ProtocolLimits.MessageKeyLength} bytes", nameof(derivedKey));
        }

        return new MessageKey(SecretBytes.Copy(derivedKey));
    }

    /// <summary>All 48 bytes: AES key ‖ IV.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes.Span;

    /// <summary>The AES-256 key: bytes 0 to 31.</summary>
    public ReadOnlySpan<byte> AesKey => _bytes.Span[..32];

    /// <summary>The GCM IV: bytes 32 to 47.</summary>
    public ReadOnlySpan<byte> Iv => _bytes.Span[32..];

    /// <summary>A copy of the 48 bytes, for serialization into state or vectors.</summary>
    public byte[] ToArray() => _bytes.ToArray();

    /// <summary>Zeroes the key bytes.</summary>
    public void Dispose() => _bytes.Dispose();

    /// <inheritdoc/>
    public override string ToString() => $"MessageKey({_bytes})";
}
