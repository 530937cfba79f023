namespace E2eeConformance.SenderKeys.Groups;

/// <summary>
/// The named limits and rotation rules of sender keys (seed 004, "Periodic rotation: optional time-based or
/// message-count rotation"; "Accept old key id only during a short transition window, then retire it"). The seed gives
/// no numbers; decision SK-8 picks these defaults, each configurable.
/// </summary>
public sealed record SenderKeyPolicy
{
    /// <summary>The defaults.</summary>
    public static SenderKeyPolicy Default { get; } = new();

    /// <summary>A sender rotates its key after this many messages under it (0: never by count).</summary>
    public int MaxMessagesPerKey { get; init; } = 1000;

    /// <summary>A sender rotates its key once it is this old (zero: never by time).</summary>
    public TimeSpan MaxKeyAge { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How long a receiver still accepts a sender's older key id after a newer one arrived.</summary>
    public TimeSpan TransitionWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How many message keys one message may make a receiver skip (a counter further ahead is <c>jump_too_far</c>).</summary>
    public int MaxForwardJump { get; init; } = 1000;

    /// <summary>How many skipped message keys a receiver keeps per sender (the oldest go first).</summary>
    public int MaxSkippedKeys { get; init; } = 2000;
}
