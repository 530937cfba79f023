namespace E2eeConformance.Engine.Sessions;

/// <summary>
/// A position in one of the peer's sending chains: the chain's ratchet key and the index. Used to remember where a
/// skipped key was evicted (<see cref="RatchetState.EvictedKeys"/>), so a message arriving there later fails as
/// <c>evicted_key</c> rather than <c>replay</c>. Holds no secret.
/// </summary>
public sealed record KeyPosition(byte[] RatchetKey, uint Index)
{
    /// <summary>Whether this is message <paramref name="index"/> of the chain with <paramref name="ratchetKey"/>.</summary>
    public bool Matches(ReadOnlySpan<byte> ratchetKey, uint index) => Index == index && ratchetKey.SequenceEqual(RatchetKey);

    /// <inheritdoc/>
    public override string ToString() => $"KeyPosition(index {Index})";
}
