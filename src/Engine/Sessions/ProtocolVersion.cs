namespace E2eeConformance.Engine.Sessions;

/// <summary>
/// The version strings written into InviteMsg, Session, E2eeMsg and group bundles (<see cref="Protocol"/>) and into the
/// AEAD-protected Plaintext (<see cref="Plaintext"/>). E2EE Security writes the single byte 0x01 (REFERENCE-BEHAVIOUR §44);
/// SKISSM v1.8.0 writes "E2EE_PROTOCOL_v1.0" / "E2EE_PLAINTEXT_v1.0" (REFERENCE-BEHAVIOUR §S27, §S28). Neither checks the
/// value it receives, only that it is present.
/// </summary>
public sealed record ProtocolVersion(string Name, string Protocol, string Plaintext)
{
    /// <summary>E2EE Security's markers: the single byte 0x01 in both places.</summary>
    public static ProtocolVersion E2ees { get; } = new("e2ees", "\u0001", "\u0001");

    /// <summary>SKISSM v1.8.0's markers, as the reference implementation's version writes them.</summary>
    public static ProtocolVersion Skissm { get; } = new("skissm-1.8", "E2EE_PROTOCOL_v1.0", "E2EE_PLAINTEXT_v1.0");
}
