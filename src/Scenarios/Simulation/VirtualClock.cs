namespace E2eeConformance.Scenarios.Simulation;

/// <summary>The run's virtual time: starts at a fixed instant and moves only when a scenario advances it.</summary>
public sealed class VirtualClock : TimeProvider
{
    /// <summary>2025-06-15T15:06:40Z: every run starts here, so transcripts do not depend on the wall clock.</summary>
    public static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000);

    private DateTimeOffset _now = Start;

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => _now;

    /// <summary>How far the clock has moved since <see cref="Start"/>.</summary>
    public TimeSpan Elapsed => _now - Start;

    /// <summary>Moves the clock forward by <paramref name="by"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="by"/> is negative.</exception>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        _now += by;
    }
}
