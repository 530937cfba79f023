namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// Equality of byte arrays by content, also against a <see cref="ReadOnlySpan{T}"/> (so a dictionary keyed by arrays is
/// searched with a span, without copying it). The hash covers every byte and is seeded per process
/// (<see cref="HashCode"/>), so keys chosen by a peer cannot be made to collide on purpose. For public data only: the
/// comparison is not constant-time.
/// </summary>
internal sealed class ByteContentComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    private ByteContentComparer()
    {
    }

    /// <summary>The comparer.</summary>
    public static ByteContentComparer Instance { get; } = new();

    /// <inheritdoc/>
    public bool Equals(byte[]? x, byte[]? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    /// <inheritdoc/>
    public int GetHashCode(byte[] obj) => Hash(obj);

    /// <inheritdoc/>
    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    /// <inheritdoc/>
    public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

    /// <inheritdoc/>
    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = default(HashCode);
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }
}
