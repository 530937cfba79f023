namespace E2eeConformance.Mpenc.Ports;

/// <summary>
/// The family's randomness port: every random byte (private key contributions, nonces, ephemeral keys) comes through
/// it, so a run or a vector is a function of the source it is given.
/// </summary>
public interface IRandom
{
    /// <summary>Fills <paramref name="destination"/> with random bytes.</summary>
    void Fill(Span<byte> destination);
}
