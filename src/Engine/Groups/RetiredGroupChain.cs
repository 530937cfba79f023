namespace E2eeConformance.Engine.Groups;

/// <summary>
/// A member's chain as it was before a membership change replaced it in place (an add keeps the session id: PROTOCOL-FACTS
/// 41). Kept for <see cref="Sessions.ProtocolLimits.RetiredGroupSessionGrace"/> so messages sent before the change and
/// still in flight decrypt; then dropped.
/// </summary>
public sealed record RetiredGroupChain(GroupChainState State, long RetiredAtMs);
