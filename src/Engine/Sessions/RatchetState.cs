using System.Collections.Immutable;
using E2eeConformance.Engine.Crypto;

namespace E2eeConformance.Engine.Sessions;

/// <summary>
/// The double-ratchet state of an established one-to-one session (Ratchet.proto; seed 000 §One2one message).
/// Immutable: every step returns a new state, so a failed step leaves the caller's state untouched (STYLE #2).
/// <see cref="RootSequence"/> counts half steps (Alice starts at 1, Bob at 0, each direction change adds 2 —
/// REFERENCE-BEHAVIOUR §31); <see cref="SendingMessageSequence"/> counts every message this side sent in the session.
/// </summary>
public sealed record RatchetState(
    SecretBytes RootKey,
    uint RootSequence,
    uint SendingMessageSequence,
    SenderChain Sender,
    ReceiverChain Receiver,
    ImmutableList<SkippedMessageKey> SkippedKeys)
{
    /// <summary>
    /// Where skipped keys were evicted from <see cref="SkippedKeys"/> (the store being full), oldest first, at most
    /// <see cref="Protocol.ProtocolLimits.MaxStoredSkippedKeys"/>: a message arriving at one of these positions fails
    /// as <c>evicted_key</c>. The reference never evicts, so has no such record.
    /// </summary>
    public ImmutableList<KeyPosition> EvictedKeys { get; init; } = [];

    /// <summary>
    /// The receiving chains this session closed (by an asymmetric step), at most
    /// <see cref="Protocol.ProtocolLimits.MaxRememberedClosedChains"/> (the oldest forgotten first): the peer's root
    /// sequence of the chain → how many positions of it we derived (received, or kept as skipped keys). A message of such
    /// a chain that finds no key is a <c>replay</c> below that end and a <c>superseded_chain</c> at or past it.
    /// </summary>
    public ImmutableSortedDictionary<uint, uint> ClosedChainEnds { get; init; } = ImmutableSortedDictionary<uint, uint>.Empty;

    /// <inheritdoc/>
    public override string ToString() =>
        $"Ratchet(root {RootKey}, root_sequence {RootSequence}, sent {SendingMessageSequence}, {Sender}, {Receiver}, {SkippedKeys.Count} skipped keys)";
}
