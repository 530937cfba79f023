using System.Diagnostics;
using System.Globalization;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running.Execution;

namespace E2eeConformance.Scenarios.Running.Relayed;

/// <summary>
/// What a run of every relayed family (sender keys, room keys) does the same way: the steps in order with their
/// numbers and transcript lines, <c>repeat</c>, <c>advance_clock</c> on the virtual clock, the end of the run (heal,
/// invariants), the outcome and the failing step, and how names resolve to devices and selectors to deliveries. Each
/// family runs its own steps (<see cref="RunFamilyStep"/>) on its world.
/// </summary>
internal abstract class RelayedRun
{
    private readonly StepDescriber _describer;
    private string _currentStep = "";

    protected RelayedRun(Scenario scenario, ulong seed)
    {
        Scenario = scenario;
        Seed = seed;
        _describer = new StepDescriber(Bindings);
        foreach (UserSpec user in scenario.Users)
        {
            Users[user.Name] = user;
            UserOrder.Add(user.Name);
        }
    }

    protected Scenario Scenario { get; }

    protected ulong Seed { get; }

    protected List<string> Transcript { get; } = [];

    protected RepeatBindings Bindings { get; } = new();

    /// <summary>The users by name (those declared, then those an <c>add_user</c> brought).</summary>
    protected Dictionary<string, UserSpec> Users { get; } = new(StringComparer.Ordinal);

    protected List<string> UserOrder { get; } = [];

    /// <summary>The suite the result is of.</summary>
    protected abstract string Suite { get; }

    /// <summary>The transcript's second line: the family, the seed and what else fixes the run.</summary>
    protected abstract string Header { get; }

    /// <summary>The family's world as every relayed run reads it.</summary>
    protected abstract IRelayedWorld World { get; }

    /// <summary>The steps run so far (the world's counter: a <c>delay</c> counts in it).</summary>
    protected int StepNumber { get => World.StepNumber; set => World.StepNumber = value; }

    /// <summary>The virtual clock.</summary>
    private long NowMs { get => World.NowMs; set => World.NowMs = value; }

    /// <summary>The registered devices, in order of registration.</summary>
    private IEnumerable<string> Devices => World.DeviceNames;

    public ScenarioResult Execute()
    {
        var watch = Stopwatch.StartNew();
        Transcript.Add($"scenario {Scenario.Name}");
        Transcript.Add(Header);
        ScenarioOutcome outcome = ScenarioOutcome.Pass;
        string reason = "";
        string failedStep = "";
        try
        {
            foreach (Step step in Scenario.Steps)
            {
                Run(step);
            }

            _currentStep = "end of run";
            Transcript.Add("#end heal: every device online, holds released, dropped messages redelivered");
            End();
            Transcript.Add("PASS");
        }
        catch (ScenarioFailure failure)
        {
            outcome = ScenarioOutcome.Fail;
            reason = failure.Message;
            failedStep = _currentStep;
            Transcript.Add($"FAIL at {_currentStep}: {failure.Message}");
        }
#pragma warning disable CA1031 // Anything the family's code throws is a finding of this run, reported, not a crash of the harness.
        catch (Exception crash) when (crash is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            outcome = ScenarioOutcome.Fail;
            reason = $"unexpected {crash.GetType().Name}: {crash.Message}";
            failedStep = _currentStep;
            Transcript.Add($"FAIL at {_currentStep}: {reason}");
        }

        return new ScenarioResult(Scenario.Name, Suite, Seed, outcome, reason, failedStep, string.Join("\n", Transcript), [.. World.Diagram], watch.Elapsed, Scenario.Tags, Scenario.Description)
        {
            SourceFile = Scenario.SourceFile,
        };
    }

    /// <summary>One step of the family (every step but <c>repeat</c> and <c>advance_clock</c>, which mean the same everywhere).</summary>
    protected abstract void RunFamilyStep(Step step);

    /// <summary>The end of the run: the network heals and the invariants are checked.</summary>
    protected abstract void End();

    /// <summary>Whether a device of this name is registered.</summary>
    private bool HasDevice(string device) => World.Has(device);

    /// <summary>The registered devices of a user.</summary>
    protected abstract IEnumerable<string> DevicesOf(string user);

    /// <summary>The registered devices a party names: a device, every device of a user, or every device ("all").</summary>
    protected IReadOnlyList<string> Parties(string party)
    {
        string name = X(party);
        if (name == "all")
        {
            return [.. Devices];
        }

        if (name.Contains('/', StringComparison.Ordinal))
        {
            return HasDevice(name) ? [name] : throw new ScenarioFailure($"expected a registered device, found \"{name}\"");
        }

        List<string> devices = [.. DevicesOf(name)];
        return devices.Count > 0 ? devices : throw new ScenarioFailure($"expected a user with a registered device, found \"{name}\" (registered: {string.Join(", ", Devices)})");
    }

    /// <summary>One device: a device name, or a user's first device (as in every family).</summary>
    protected string FirstDevice(string name)
    {
        IReadOnlyList<string> devices = Parties(name);
        return devices.Count > 0 ? devices[0] : throw new ScenarioFailure($"expected a registered device, found \"{X(name)}\"");
    }

    /// <summary>Whether a selector matches a delivery: its names, recipient (a device or its user), kind and sender (a device, its user, or server).</summary>
    protected bool Matches(MessageSelector raw, Flight flight, Func<string, string> userOf)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(flight);
        ArgumentNullException.ThrowIfNull(userOf);
        MessageSelector s = Bindings.Expand(raw);
        return (s.Messages.Count == 0 || (flight.Label is not null && s.Messages.Contains(flight.Label, StringComparer.Ordinal)))
            && (s.To is null || flight.To == s.To || userOf(flight.To) == s.To)
            && (s.Kind is null || flight.Kind == s.Kind)
            && (s.From is null || flight.From == s.From || (flight.From != "server" && userOf(flight.From) == s.From));
    }

    /// <summary><c>register</c> in a family with one device per user (<c>user/1</c>): each named user not registered yet gets its device.</summary>
    protected void RegisterOneDeviceEach(RegisterStep step, Action<string> addDevice)
    {
        ArgumentNullException.ThrowIfNull(addDevice);
        foreach (string user in UsersOf(step).Where(u => !World.Has(u + "/1")))
        {
            addDevice(user);
        }
    }

    /// <summary><c>add_user</c> in a family with one device per user: the user joins the scenario's users and gets its device.</summary>
    protected void AddUserWithOneDevice(AddUserStep step, Action<string> addDevice)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(addDevice);
        string user = X(step.User);
        Users[user] = new UserSpec(user, step.Devices);
        UserOrder.Add(user);
        addDevice(user);
    }

    /// <summary>The users a <c>register</c> names (<c>all</c>: every user), each checked to be one of the scenario.</summary>
    protected IEnumerable<string> UsersOf(RegisterStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        IEnumerable<string> users = step.Users.Contains("all", StringComparer.Ordinal) ? [.. UserOrder] : step.Users.Select(X);
        return users.Select(u => Users.ContainsKey(u) ? u : throw new ScenarioFailure($"{u} is not a user of the scenario"));
    }

    protected string X(string text) => Bindings.Expand(text);

    protected void Say(string line) => Transcript.Add(line);

    private void Run(Step step)
    {
        StepNumber++;
        _currentStep = string.Create(CultureInfo.InvariantCulture, $"step {StepNumber} (line {step.At.Line}): {step.Keyword}");
        if (step is not RepeatStep)
        {
            Transcript.Add(string.Create(CultureInfo.InvariantCulture, $"#{StepNumber} {_describer.Describe(step)}"));
        }

        switch (step)
        {
            case RepeatStep s: Repeat(s); break;
            case AdvanceClockStep s: AdvanceClock(s.By); break;
            default: RunFamilyStep(step); break;
        }
    }

    /// <summary>The virtual clock moves on; past the year 9999 (a scenario that advances it for ever) the run fails, as a step it cannot take.</summary>
    private void AdvanceClock(TimeSpan by)
    {
        long latest = (long)(DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).TotalMilliseconds;
        long step = (long)by.TotalMilliseconds;
        NowMs = step <= latest - NowMs
            ? NowMs + step
            : throw new ScenarioFailure($"the virtual clock cannot pass the year 9999 (it is at {DateTimeOffset.FromUnixTimeMilliseconds(NowMs):yyyy-MM-dd} and is asked to move {SpanText.Format(by)})");
        ClockAdvanced();
    }

    /// <summary>After <c>advance_clock</c>: a family whose devices run timers lets them (mpENC's liveness, seed 003 §3.5); nothing by default.</summary>
    protected virtual void ClockAdvanced()
    {
    }

    private void Repeat(RepeatStep step)
    {
        for (int i = 1; i <= step.Times; i++)
        {
            Bindings.Push(step.Variable, i);
            try
            {
                foreach (Step inner in step.Body)
                {
                    Run(inner);
                }
            }
            finally
            {
                Bindings.Pop();
            }
        }
    }
}
