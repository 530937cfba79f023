using E2eeConformance.Engine.Sessions;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// A 48-byte message key = HKDF(chain_key, salt 0^32, "MessageKeys", 48): AES-256 key ‖ 16-byte GCM IV
/// (seed 000 §One2one message; REFERENCE-BEHAVIOUR §10; identical for group messages).
/// </summary>
public sealed class MessageKey : IDisposable
{
    private readonly SecretBytes _bytes;

    private MessageKey(SecretBytes bytes) => _bytes = bytes;

    public static MessageKey FromChainKey(ReadOnlySpan<byte> chainKey)
    {
        byte[] mk = new byte[ProtocolLimits.MessageKeyLength];
        Kdf.Hkdf(chainKey, [], Kdf.Labels.MessageKeys, mk);
        return new MessageKey(SecretBytes.Own(mk));
    }

    public static MessageKey FromBytes(ReadOnlySpan<byte> derivedKey)
    {
        if (derivedKey.Length != ProtocolLimits.MessageKeyLength)
        {
            throw new ArgumentException($"a message key is {ProtocolLimits.MessageKeyLength} bytes", nameof(derivedKey));
        }

        return new MessageKey(SecretBytes.Copy(derivedKey));
    }

    public ReadOnlySpan<byte> Bytes => _bytes.Span;

    public ReadOnlySpan<byte> AesKey => _bytes.Span[..32];

    public ReadOnlySpan<byte> Iv => _bytes.Span[32..];

    public byte[] ToArray() => _bytes.ToArray();

    public void Dispose() => _bytes.Dispose();

    public override string ToString() => $"MessageKey({_bytes})";
}
