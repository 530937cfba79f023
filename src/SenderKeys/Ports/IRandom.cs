namespace E2eeConformance.SenderKeys.Ports;

/// <summary>
/// The family's randomness port: every random byte (identity keys, chain keys) comes through it, never from a system
/// RNG, so a run is a function of the source it is given (deterministic replays and vectors).
/// </summary>
public interface IRandom
{
    /// <summary>Fills <paramref name="destination"/> with random bytes.</summary>
    void Fill(Span<byte> destination);
}
