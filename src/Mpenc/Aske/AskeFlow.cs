namespace E2eeConformance.Mpenc.Aske;

/// <summary>Whether a key exchange message collects (upflow) or acknowledges (downflow).</summary>
public enum AskeFlowKind
{
    /// <summary>Phase 1, collection: to the next participant, the nonce and ephemeral key lists one longer (seed 003 §5.2.2).</summary>
    Upflow = 1,

    /// <summary>Phase 2, acknowledgement: a broadcast with the sender's session signature (§5.2.2).</summary>
    Downflow = 2,
}

/// <summary>
/// A key exchange message (seed 003 §5.2.2; the ASKE part of a greeting packet, §5.2.3): its sender, the ordered
/// participants, the nonces and ephemeral public signing keys collected so far (in participant order; in a downflow
/// complete, or empty in an acknowledgement that follows the first one), and in a downflow the sender's session
/// signature σ_s(m_sender).
/// </summary>
public sealed record AskeFlow(
    AskeFlowKind Kind,
    string Source,
    IReadOnlyList<string> Members,
    IReadOnlyList<byte[]> Nonces,
    IReadOnlyList<byte[]> EphemeralKeys,
    byte[]? SessionSignature);
