namespace E2eeConformance.Engine.Protocol;

/// <summary>
/// Switches that make the engine reproduce known deviations of the C reference implementation from the whitepaper
/// (issue 13 §4: a deliberately deviant implementation, to test the harness's conformance reports). Our own devices
/// always use <see cref="None"/>; a device's deviations are chosen at registration
/// (<c>DeviceOptions.Deviations</c>) and saved with its state. docs/REFERENCE-BEHAVIOUR.md, "Where this
/// engine deviates from the reference, and why", says what the engine does instead of each.
/// </summary>
[Flags]
public enum ProtocolDeviations
{
    /// <summary>The whitepaper's behaviour (every limit of <see cref="ProtocolLimits"/>): what our devices do.</summary>
    None = 0,

    /// <summary>
    /// No 512-message chain limit (REFERENCE-BEHAVIOUR §32): a sender never stops at <see cref="ProtocolLimits.MaxMessagesPerChain"/>
    /// (no <c>chain_limit_reached</c>, so a one-to-one session is not renewed and a group session not re-seeded), and a
    /// receiver accepts a sequence of 512 or more and a previous chain longer than 512 (no <c>chain_limit_exceeded</c>).
    /// The forward-jump bound stays unless <see cref="UnboundedSkippedKeys"/> is set too.
    /// </summary>
    NoChainLimit = 1,

    /// <summary>
    /// No bound on skipped keys (REFERENCE-BEHAVIOUR §32: <c>MAX_SKIPPED_MESSAGE_KEY_NODES</c> is never used): no
    /// <c>jump_too_far</c> (<see cref="ProtocolLimits.MaxForwardJump"/> is not checked) and no eviction beyond
    /// <see cref="ProtocolLimits.MaxStoredSkippedKeys"/>, on one-to-one sessions and group chains alike. A message far
    /// ahead of its chain is therefore decrypted at once, never held until its gap narrows.
    /// </summary>
    UnboundedSkippedKeys = 2,

    /// <summary>
    /// Phantom skipped keys (REFERENCE-BEHAVIOUR §33): when a new receiving chain opens, the reference keeps
    /// <c>skipped_num = sending_message_sequence − received_message_sequence − (sequence + 1)</c> keys of the previous
    /// receiving chain, derived from its current position, and <c>received_message_sequence</c> practically never
    /// advances. Modelled as keeping <c>sending_message_sequence − sequence − 1</c> keys from the old chain's current
    /// index (the genuinely missing ones are a prefix of them). The jump check still counts only the genuine ones; the
    /// stored-key bound still applies unless <see cref="UnboundedSkippedKeys"/> is set. Ping-pong traffic of 200
    /// messages leaves 4 950 stored keys (1 024 with the bound).
    /// </summary>
    PhantomSkippedKeys = 4,

    /// <summary>
    /// Group messages out of order are dropped (REFERENCE-BEHAVIOUR §39): a member's chain keeps no skipped keys; a jump
    /// forward derives and discards the keys passed over, and a message behind the chain's position fails with
    /// <c>bad_tag</c> (the reference tries it with the chain's current, wrong, key), a replay included.
    /// </summary>
    GroupOutOfOrderDropped = 8,
}
