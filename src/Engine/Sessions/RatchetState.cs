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
    /// <inheritdoc/>
    public override string ToString() =>
        $"Ratchet(root {RootKey}, root_sequence {RootSequence}, sent {SendingMessageSequence}, {Sender}, {Receiver}, {SkippedKeys.Count} skipped keys)";
}
