using E2eeConformance.Engine.Crypto;

namespace E2eeConformance.Engine.Sessions;

/// <summary>
/// The receiving half of the double ratchet (Ratchet.proto ReceiverChainNode; REFERENCE-BEHAVIOUR §23, 24, 29, 30).
/// <see cref="ChainKey"/> is null until the first chain from the peer is opened (Bob before Alice's first message).
/// <see cref="ChainStart"/> is the peer's total message count before this chain (its <c>sending_message_sequence</c>
/// minus the chain index minus one): with the next chain's start it tells how many messages this chain carried, so the
/// keys of those still missing can be kept as skipped keys. It replaces the reference's defective
/// <c>received_message_sequence</c> arithmetic (REFERENCE-BEHAVIOUR §33: phantom skipped keys).
/// </summary>
public sealed record ReceiverChain(byte[] TheirRatchetKey, SecretBytes OurRatchetPrivateKey, ChainKey? ChainKey, uint ChainStart)
{
    /// <inheritdoc/>
    public override string ToString() => $"ReceiverChain({ChainKey?.ToString() ?? "no chain yet"}, start {ChainStart})";
}
