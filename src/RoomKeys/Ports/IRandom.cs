namespace E2eeConformance.RoomKeys.Ports;

/// <summary>
/// The family's randomness port: every random byte (RSA keys, OAEP seeds, room keys, nonces) comes through it, so a run
/// or a vector is a function of the source it is given.
/// </summary>
public interface IRandom
{
    /// <summary>Fills <paramref name="destination"/> with random bytes.</summary>
    void Fill(Span<byte> destination);
}
