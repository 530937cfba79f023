namespace E2eeConformance.Mpenc.Session;

/// <summary>
/// The liveness timers of a session (seed 003 §3.5, §4.3 ConsistencyMonitor, PresenceTracker, FlowControl; the document
/// defers their values to msg-2c0, so they are open choices, MP-18), in virtual milliseconds: when a member sends an
/// automatic acknowledgement, when an unacknowledged message raises a warning, how often a silent member sends a
/// heartbeat and when another is reported absent, how long a message waits for its parents, how long a previous
/// subsession stays open after an operation, when an initiator aborts an operation that does not finish, how often a
/// proposal is tried, and how many packets a member keeps waiting.
/// </summary>
public sealed record SessionTimers(
    long AckDelayMs = 5_000,
    long AckTimeoutMs = 30_000,
    long HeartbeatMs = 60_000,
    long PresenceTimeoutMs = 150_000,
    long ParentTimeoutMs = 30_000,
    long ShutdownGraceMs = 30_000,
    long OperationTimeoutMs = 60_000,
    int MaxAttempts = 3,
    int MaxWaiting = 64)
{
    /// <summary>The defaults (MP-18).</summary>
    public static SessionTimers Default { get; } = new();
}
