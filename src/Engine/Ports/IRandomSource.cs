namespace E2eeConformance.Engine.Ports;

/// <summary>
/// The randomness port (seed 000 §Plugins, "common handler": <c>gen_rand</c>).
/// The engine never reads a system RNG itself; every random byte it uses comes through this interface,
/// so a run is a function of the source it is given (STYLE #1, #15).
/// </summary>
public interface IRandomSource
{
    /// <summary>Fills <paramref name="destination"/> with random bytes.</summary>
    void Fill(Span<byte> destination);
}
