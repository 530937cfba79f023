using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// A chain key and its index (seed 000 §Symmetric Ratchet). The message key for index i is taken from the key at
/// index i, then the chain advances: ck' = HMAC-SHA256(ck, 0x02) (REFERENCE-BEHAVIOUR §12). Immutable: advancing returns
/// a new instance, so a failed decrypt never touches the committed chain (compute, then commit).
/// </summary>
/// <remarks>
/// The key bytes have one owner, the <see cref="SecretBytes"/> handle inside this instance (ownership rule of
/// <see cref="SecretBytes"/>): <see cref="Create"/> copies the caller's bytes into it, <see cref="Next"/> derives the
/// next key straight into the buffer the new instance owns, and <see cref="MessageKey"/> derives from a view, so no
/// unowned copy of a chain key is ever left behind. States that hold a chain key share it and never dispose it; the
/// code that derives a chain key it does not keep (the intermediate keys of a skip, a chain whose decryption failed)
/// disposes it, which zeroes the bytes.
/// </remarks>
public sealed class ChainKey : IEquatable<ChainKey>, IDisposable
{
    private static readonly byte[] AdvanceInput = [0x02];
    private readonly SecretBytes _key;

    private ChainKey(uint index, SecretBytes key) => (Index, _key) = (index, key);

    /// <summary>The position of this key in its chain (0 for the first key).</summary>
    public uint Index { get; }

    /// <summary>The 32-byte key itself (a view; <see cref="ToArray"/> copies it).</summary>
    public ReadOnlySpan<byte> Key => _key.Span;

    /// <summary>A chain key at <paramref name="index"/> with a copy of <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not <see cref="ProtocolLimits.ChainKeyLength"/>
    /// bytes.</exception>
    public static ChainKey Create(uint index, ReadOnlySpan<byte> key)
    {
        if (key.Length != ProtocolLimits.ChainKeyLength)
        {
            throw new ArgumentException($"a chain key is {ProtocolLimits.ChainKeyLength} bytes", nameof(key));
        }

        return new ChainKey(index, SecretBytes.Copy(key));
    }

    /// <summary>The message key at this chain position (REFERENCE-BEHAVIOUR §10), derived from the key in place.</summary>
    public MessageKey MessageKey() => Crypto.MessageKey.FromChainKey(_key.Span);

    /// <summary>
    /// The chain key at index + 1 (REFERENCE-BEHAVIOUR §12): HMAC-SHA256(ck, 0x02) written directly into the buffer the
    /// new instance owns (no intermediate copy).
    /// </summary>
    /// <exception cref="OverflowException">The index is <see cref="uint.MaxValue"/>.</exception>
    public ChainKey Next()
    {
        uint index = checked(Index + 1);
        byte[] next = new byte[ProtocolLimits.ChainKeyLength];
        Kdf.Hmac(_key.Span, AdvanceInput, next);
        return new ChainKey(index, SecretBytes.Own(next));
    }

    /// <summary>A copy of the key bytes, for serialization into state or vectors (the caller owns and wipes the copy).</summary>
    public byte[] ToArray() => _key.ToArray();

    /// <summary>
    /// Zeroes the key bytes. Only for a chain key the caller derived and never shared (ownership rule of
    /// <see cref="SecretBytes"/>); a state never disposes the chain keys it holds.
    /// </summary>
    public void Dispose() => _key.Dispose();

    /// <summary>Same index and same key bytes (the bytes compared in constant time).</summary>
    public bool Equals(ChainKey? other) => other is not null && other.Index == Index && _key.Equals(other._key);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ChainKey other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => unchecked((int)Index);

    /// <summary>The index and a fingerprint of the key, hashed from the key in place (no copy of the secret).</summary>
    public override string ToString() => $"ChainKey(index {Index}, {_key})";
}
