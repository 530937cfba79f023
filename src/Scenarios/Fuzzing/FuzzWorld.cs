using System.Globalization;

namespace E2eeConformance.Scenarios.Fuzzing;

/// <summary>
/// The generator's model of the world while it writes steps, just enough to write only valid steps: the users and
/// their devices now, which device surely has a session with which (the pairs it sent to before the network last ran
/// quiet with nothing held or delayed), the groups, the messages sent, whether a hold is active, and the run's step
/// number (a repeat counts its body once per run, as the runner numbers steps, so a delay's end is known).
/// </summary>
internal sealed class FuzzWorld
{
    private readonly Dictionary<string, int> _devices = new(StringComparer.Ordinal);
    private readonly HashSet<(string From, string To)> _sessions = [];
    private readonly List<(string From, IReadOnlyList<string> To)> _pendingSessions = [];
    private readonly HashSet<(string Device, string Code)> _tolerated = [];
    private readonly List<FuzzStep> _steps = [];
    private int _delayedUntil;

    /// <summary>A world of <paramref name="users"/> (name, devices at registration).</summary>
    public FuzzWorld(IReadOnlyList<(string Name, int Devices)> users)
    {
        Users = [.. users.Select(u => u.Name)];
        foreach ((string name, int devices) in users)
        {
            _devices[name] = devices;
        }

        Registered = users;
    }

    /// <summary>The users, in declaration order.</summary>
    public IReadOnlyList<string> Users { get; }

    /// <summary>The users and their device counts at registration (the scenario's <c>users:</c>).</summary>
    public IReadOnlyList<(string Name, int Devices)> Registered { get; }

    /// <summary>The steps written so far.</summary>
    public IReadOnlyList<FuzzStep> Steps => _steps;

    /// <summary>The groups created so far.</summary>
    public List<FuzzGroup> Groups { get; } = [];

    /// <summary>The messages sent so far (not those of a repeat: their names hold a variable).</summary>
    public List<FuzzMessage> Messages { get; } = [];

    /// <summary>How many clock jumps (<c>advance_clock</c>) were written so far.</summary>
    public int ClockJumps { get; set; }

    /// <summary>Whether a hold is active (no <c>release: all</c> since).</summary>
    public bool Holding { get; set; }

    /// <summary>The run's step number after the steps written so far.</summary>
    public int RunStep { get; private set; }

    /// <summary>How many message names were used (<c>m1</c>, <c>m2</c>, … and the bursts' <c>bN_{i}</c>).</summary>
    public int MessageCount { get; set; }

    /// <summary>A device name, <c>user/n</c>.</summary>
    public static string Device(string user, int n) => string.Create(CultureInfo.InvariantCulture, $"{user}/{n}");

    /// <summary>The user of a device name.</summary>
    public static string UserOf(string device) => device[..device.IndexOf('/', StringComparison.Ordinal)];

    /// <summary>How many devices the user has now.</summary>
    public int DeviceCount(string user) => _devices[user];

    /// <summary>The user's devices now.</summary>
    public IReadOnlyList<string> DevicesOf(string user) => [.. Enumerable.Range(1, _devices[user]).Select(n => Device(user, n))];

    /// <summary>Every device now.</summary>
    public IReadOnlyList<string> AllDevices => [.. Users.SelectMany(DevicesOf)];

    /// <summary>Registers one more device of the user; returns its name.</summary>
    public string AddDevice(string user) => Device(user, ++_devices[user]);

    /// <summary>Writes a step and advances the run's step number as the runner will.</summary>
    public void Emit(FuzzStep step)
    {
        _steps.Add(step);
        RunStep += Executed(step);
    }

    /// <summary>Whether a message's deliveries may still be delayed at the current step.</summary>
    public bool Delaying => RunStep < _delayedUntil;

    /// <summary>How many more steps must run before every delay written so far has run out.</summary>
    public int StepsUntilDelaysEnd => Math.Max(0, _delayedUntil - RunStep);

    /// <summary>Notes a <c>delay</c> of <paramref name="steps"/> steps written just now.</summary>
    public void Delayed(int steps) => _delayedUntil = Math.Max(_delayedUntil, RunStep + steps + 1);

    /// <summary>The devices of <paramref name="to"/> (a user) and the sender's own other devices.</summary>
    public IReadOnlyList<string> RecipientsOf(string from, string to) =>
        [.. DevicesOf(to).Concat(DevicesOf(UserOf(from))).Where(d => d != from).Distinct(StringComparer.Ordinal)];

    /// <summary>The recipients the sender surely has a session with now (its message goes in flight to them at once).</summary>
    public IReadOnlyList<string> WithSession(string from, IReadOnlyList<string> recipients) =>
        [.. recipients.Where(r => _sessions.Contains((from, r)))];

    /// <summary>Notes a one-to-one send: the sender has sessions with these recipients once the network runs quiet.</summary>
    public void Sent(string from, IReadOnlyList<string> recipients) => _pendingSessions.Add((from, recipients));

    /// <summary>Whether a <c>run_until_quiet</c> now would leave nothing in flight (no hold active, no delay running).</summary>
    public bool CanRunQuiet => !Holding && !Delaying;

    /// <summary>
    /// A <c>run_until_quiet</c> was written: when nothing is held or delayed, every invite sent so far was answered
    /// (sessions known) and every group's members hold its keys.
    /// </summary>
    public void RanQuiet()
    {
        if (!CanRunQuiet)
        {
            return;
        }

        foreach ((string from, IReadOnlyList<string> to) in _pendingSessions)
        {
            _sessions.UnionWith(to.Select(t => (from, t)));
        }

        _pendingSessions.Clear();
        foreach (FuzzGroup group in Groups)
        {
            group.Quiet(this);
        }
    }

    /// <summary>Marks errors with this code at this device (or user) tolerated; false when they were already.</summary>
    public bool Tolerate(string at, string code) => _tolerated.Add((at, code));

    /// <summary>How many steps the runner numbers for a step: itself, and a repeat's body once per run.</summary>
    private static int Executed(FuzzStep step) =>
        step.IsRepeat && step.Value is FuzzScalar times
            ? 1 + (int.Parse(times.Text, CultureInfo.InvariantCulture) * step.Body.Sum(Executed))
            : (step.IsConverge ? 0 : 1) + step.Body.Sum(Executed);
}
