using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Vectors;

/// <summary>
/// Hands out recorded random bytes in order (the randomness a vector recorded for one protocol step). Asking for
/// more than was queued is a replay error: the engine drew randomness the reference did not.
/// </summary>
public sealed class QueuedRandom : IRandomSource
{
    private readonly Queue<byte> _bytes = new();

    /// <summary>A source that hands out <paramref name="chunks"/> in order, then nothing.</summary>
    public QueuedRandom(params byte[][] chunks) => Enqueue(chunks);

    /// <summary>Bytes queued and not yet drawn.</summary>
    public int Remaining => _bytes.Count;

    /// <summary>Queues more recorded bytes after those already queued.</summary>
    public void Enqueue(params byte[][] chunks)
    {
        foreach (byte[] chunk in chunks)
        {
            foreach (byte b in chunk)
            {
                _bytes.Enqueue(b);
            }
        }
    }

    /// <summary>Draws the next bytes; asking for more than is queued is a <see cref="VectorFormatException"/>.</summary>
    public void Fill(Span<byte> destination)
    {
        if (destination.Length > _bytes.Count)
        {
            throw new VectorFormatException($"the engine asked for {destination.Length} random bytes, only {_bytes.Count} were recorded for this step");
        }

        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = _bytes.Dequeue();
        }
    }
}
