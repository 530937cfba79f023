using E2eeConformance.RoomKeys.Ports;

namespace E2eeConformance.RoomKeys.Vectors;

/// <summary>The randomness of a vector: the given bytes, in order, and no more (a vector states every random input it used).</summary>
internal sealed class FixedRandom(byte[] bytes) : IRandom
{
    private int _at;

    /// <summary>Whether every given byte was drawn.</summary>
    public bool Exhausted => _at == bytes.Length;

    public void Fill(Span<byte> destination)
    {
        if (bytes.Length - _at < destination.Length)
        {
            throw new InvalidOperationException($"the vector gave {bytes.Length} random bytes; {_at + destination.Length} were drawn");
        }

        bytes.AsSpan(_at, destination.Length).CopyTo(destination);
        _at += destination.Length;
    }
}
