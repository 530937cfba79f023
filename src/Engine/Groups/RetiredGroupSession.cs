namespace E2eeConformance.Engine.Groups;

/// <summary>A group session replaced by a new seed (removal, leave, renewal), kept to decrypt messages still in flight.</summary>
public sealed record RetiredGroupSession(GroupSession Session, long RetiredAtMs);
