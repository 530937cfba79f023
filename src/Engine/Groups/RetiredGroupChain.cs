namespace E2eeConformance.Engine.Groups;

/// <summary>
/// A member's chain as it was before a membership change replaced it in place (an add keeps the session id: REFERENCE-BEHAVIOUR
/// §41). Kept for <see cref="Protocol.ProtocolLimits.RetiredGroupSessionGrace"/> so messages sent before the change and
/// still in flight decrypt; then dropped.
/// </summary>
/// <param name="State">The receiving position when the chain was replaced, with its skipped keys.</param>
/// <param name="RetiredAtMs">When, on the injected clock.</param>
/// <param name="ReplacedByAdd">
/// True when the replacement is add(this position): exact only if we had received everything the member sent before
/// the add. If not, the member's real post-add chain is add(its chain at its own position), which
/// <see cref="GroupReceiverChain"/> can find again from here (see <see cref="GroupReceiverChain.Decrypt"/>).
/// </param>
/// <param name="Invite">
/// Set when the replacement was the member's own invite (welcome and add at an exact sequence): exact if this position
/// was, so derivable again from a corrected one.
/// </param>
public sealed record RetiredGroupChain(GroupChainState State, long RetiredAtMs, bool ReplacedByAdd, GroupInvite? Invite = null);
