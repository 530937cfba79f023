using System.Globalization;

namespace E2eeConformance.Scenarios.Model;

/// <summary>
/// The server time a forged heartbeat claims (<see cref="FakeHeartbeatAction"/>): an offset from the run's clock when
/// the step runs (<c>+30d</c>, <c>-1y</c>), or a number of Unix milliseconds (absolute).
/// </summary>
/// <param name="Offset">The offset from the run's clock, or null for an absolute time.</param>
/// <param name="Absolute">The absolute time in Unix milliseconds, or null for an offset.</param>
public sealed record HeartbeatTime(TimeSpan? Offset, long? Absolute)
{
    /// <summary>The largest offset either way (1000 years of 365 days): the run's clock plus it stays a valid time.</summary>
    public static readonly TimeSpan MaxOffset = TimeSpan.FromDays(365 * 1000);

    /// <summary>An offset from the run's clock.</summary>
    public static HeartbeatTime By(TimeSpan offset) => new(offset, null);

    /// <summary>An absolute time, in Unix milliseconds.</summary>
    public static HeartbeatTime At(long unixMs) => new(null, unixMs);

    /// <summary>The claimed server time in Unix milliseconds, with the run's clock at <paramref name="now"/>.</summary>
    public long UnixMsAt(DateTimeOffset now) => Absolute ?? now.ToUnixTimeMilliseconds() + (long)Offset!.Value.TotalMilliseconds;

    /// <inheritdoc/>
    public override string ToString() => Absolute is { } a
        ? a.ToString(CultureInfo.InvariantCulture)
        : (Offset!.Value < TimeSpan.Zero ? "-" : "+") + Describe(Offset.Value.Duration());

    private static string Describe(TimeSpan d) =>
        d.Ticks % TimeSpan.TicksPerDay == 0
            ? ((long)d.TotalDays).ToString(CultureInfo.InvariantCulture) + "d"
            : ((long)d.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
}
