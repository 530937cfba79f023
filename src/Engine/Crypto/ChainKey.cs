using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// A chain key and its index (seed 000 §Symmetric Ratchet). The message key for index i is taken from the key at
/// index i, then the chain advances: ck' = HMAC-SHA256(ck, 0x02) (REFERENCE-BEHAVIOUR §12). Immutable: advancing returns
/// a new instance, so a failed decrypt never touches the committed chain (compute, then commit).
/// </summary>
public sealed class ChainKey : IEquatable<ChainKey>
{
    private static readonly byte[] AdvanceInput = [0x02];
    private readonly byte[] _key;

    private ChainKey(uint index, byte[] key) => (Index, _key) = (index, key);

    /// <summary>The position of this key in its chain (0 for the first key).</summary>
    public uint Index { get; }

    /// <summary>The 32-byte key itself (a view; <see cref="ToArray"/> copies it).</summary>
    public ReadOnlySpan<byte> Key => _key;

    /// <summary>A chain key at <paramref name="index"/> with a copy of <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not <see cref="ProtocolLimits.ChainKeyLength"/>
    /// bytes.</exception>
    public static ChainKey Create(uint index, ReadOnlySpan<byte> key)
    {
        if (key.Length != ProtocolLimits.ChainKeyLength)
        {
            throw new ArgumentException($"a chain key is {ProtocolLimits.ChainKeyLength} bytes", nameof(key));
        }

        return new ChainKey(index, key.ToArray());
    }

    /// <summary>The message key at this chain position (REFERENCE-BEHAVIOUR §10).</summary>
    public MessageKey MessageKey() => Crypto.MessageKey.FromChainKey(_key);

    /// <summary>The chain key at index + 1 (REFERENCE-BEHAVIOUR §12).</summary>
    public ChainKey Next()
    {
        byte[] next = new byte[ProtocolLimits.ChainKeyLength];
        Kdf.Hmac(_key, AdvanceInput, next);
        return new ChainKey(checked(Index + 1), next);
    }

    /// <summary>A copy of the key bytes, for serialization into state or vectors.</summary>
    public byte[] ToArray() => (byte[])_key.Clone();

    /// <summary>Same index and same key bytes (the bytes compared in constant time).</summary>
    public bool Equals(ChainKey? other) =>
        other is not null && other.Index == Index && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(_key, other._key);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ChainKey other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => (int)Index;

    /// <summary>The index and a fingerprint of the key, hashed from the key in place (no copy of the secret).</summary>
    public override string ToString() => $"ChainKey(index {Index}, {SecretBytes.Fingerprint(_key)})";
}
