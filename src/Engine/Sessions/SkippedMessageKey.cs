using E2eeConformance.Engine.Crypto;

namespace E2eeConformance.Engine.Sessions;

/// <summary>
/// A message key kept for a message not yet received (Ratchet.proto SkippedMsgKeyNode; REFERENCE-BEHAVIOUR §32):
/// found again by the chain's ratchet key and the index, and removed when used.
/// </summary>
public sealed record SkippedMessageKey(byte[] RatchetKey, uint Index, SecretBytes DerivedKey)
{
    /// <summary>
    /// Whether this is the key kept for message <paramref name="index"/> of the chain with
    /// <paramref name="ratchetKey"/>.
    /// </summary>
    public bool Matches(ReadOnlySpan<byte> ratchetKey, uint index) => Index == index && ratchetKey.SequenceEqual(RatchetKey);

    /// <inheritdoc/>
    public override string ToString() => $"SkippedMessageKey(index {Index}, {DerivedKey})";
}
