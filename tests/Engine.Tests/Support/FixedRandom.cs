using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Engine.Tests.Support;

/// <summary>
/// A random source that hands out the concatenation of <paramref name="chunks"/> in order, for replaying the
/// randomness recorded in vectors; throws <see cref="InvalidOperationException"/> when asked for more than it holds.
/// </summary>
internal sealed class FixedRandom(params byte[][] chunks) : IRandomSource
{
    private readonly byte[] _bytes = chunks.SelectMany(c => c).ToArray();
    private int _position;

    /// <summary>Bytes not handed out yet.</summary>
    public int Remaining => _bytes.Length - _position;

    public void Fill(Span<byte> destination)
    {
        if (destination.Length > Remaining)
        {
            throw new InvalidOperationException(
                $"FixedRandom exhausted: asked for {destination.Length} bytes, {Remaining} left.");
        }

        _bytes.AsSpan(_position, destination.Length).CopyTo(destination);
        _position += destination.Length;
    }
}
