using E2eeConformance.Mpenc.Ports;

namespace E2eeConformance.Mpenc.Vectors;

/// <summary>
/// The randomness of a vector case (seed 003 §5.2.1 contributions, §5.2.2 nonces and ephemeral keys, §5.3 IVs): the
/// bytes the case states, drawn in order, and no more — a case states every random input it uses and uses all of them
/// (<see cref="Exhausted"/>). Drawing past the end is refused: the case cannot be read.
/// </summary>
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
