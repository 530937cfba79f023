namespace E2eeConformance.Integration.Tests.Crashes;

/// <summary>
/// When the crash test kills its device process (seeded, so a failing seed replays the same decisions; the timer kills
/// depend on timing, so a replay is close, not exact). Before each command, one chance in <paramref name="oneIn"/> to arm
/// one of three kills: at the first, second or third request of the command before the server sees it; at such a
/// request after the server applied it but before the device has the answer; or after 0–3 ms of work, wherever the
/// device is then (in the middle of a SQLite write, between a save and a send, while raising events).
/// </summary>
internal sealed class KillPlan(int seed, int oneIn)
{
    /// <summary>The longest a timer kill waits after a command starts.</summary>
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(3);

    private readonly Random _random = new(seed);
    private int _killAt;
    private bool _afterServing;
    private int _requests;

    /// <summary>False: no kills (the final drain).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Arms the plan for the next command; returns when a timer should kill the process (infinite: none).</summary>
    public TimeSpan Arm()
    {
        _requests = 0;
        _killAt = 0;
        if (!Enabled || _random.Next(oneIn) != 0)
        {
            return Timeout.InfiniteTimeSpan;
        }

        switch (_random.Next(3))
        {
            case 0:
                _killAt = 1 + _random.Next(3);
                _afterServing = false;
                return Timeout.InfiniteTimeSpan;
            case 1:
                _killAt = 1 + _random.Next(3);
                _afterServing = true;
                return Timeout.InfiniteTimeSpan;
            default:
                return TimeSpan.FromTicks(_random.Next(0, (int)MaxTimerDelay.Ticks));
        }
    }

    /// <summary>A request arrived: kill before serving it?</summary>
    public bool BeforeServing() => ++_requests == _killAt && !_afterServing;

    /// <summary>The server applied it: kill before answering?</summary>
    public bool AfterServing() => _requests == _killAt && _afterServing;
}
