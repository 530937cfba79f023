using System.Diagnostics;
using System.Globalization;
using System.Text;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running.Execution;
using E2eeConformance.Scenarios.Running.Relayed;
using E2eeConformance.SenderKeys.Device;
using E2eeConformance.SenderKeys.Groups;
using E2eeConformance.SenderKeys.Ports;

namespace E2eeConformance.Scenarios.Running.SenderKeys;

/// <summary>
/// One run of a scenario on the sender-key family (seed 004): devices of <c>E2eeConformance.SenderKeys</c> and its
/// relay, a virtual clock and a simulated network, driven step by step. Deterministic: each device draws from its own
/// stream labelled by the seed and its name, time is virtual, the server order is a counter. Its result has the same
/// shape as every family's: transcript, diagram, outcome and the failing step.
/// </summary>
internal sealed class SenderKeyRun : IDisposable
{
    private readonly Scenario _scenario;
    private readonly ulong _seed;
    private readonly List<string> _transcript = [];
    private readonly RepeatBindings _bindings = new();
    private readonly StepDescriber _describer;
    private readonly SenderKeyWorld _world;
    private readonly FlightNetwork<SenderKeyFlight> _network;
    private readonly SenderKeyChecks _checks;
    private readonly Dictionary<string, UserSpec> _users = new(StringComparer.Ordinal);
    private readonly List<string> _userOrder = [];
    private string _currentStep = "";

    public SenderKeyRun(Scenario scenario, ulong seed)
    {
        _scenario = scenario;
        _seed = seed;
        _describer = new StepDescriber(_bindings);
        _world = new SenderKeyWorld(seed, PolicyOf(scenario.SenderKeys), _transcript.Add) { MatchesRule = Matches, Expand = X };
        _network = new FlightNetwork<SenderKeyFlight>(_world, "sender-keys", seed, Parties);
        _checks = new SenderKeyChecks(_world, Parties, _bindings);
        foreach (UserSpec user in scenario.Users)
        {
            _users[user.Name] = user;
            _userOrder.Add(user.Name);
        }
    }

    /// <summary>The family's policy with the scenario's <c>sender_keys:</c> settings applied.</summary>
    public static SenderKeyPolicy PolicyOf(SenderKeySettings? settings)
    {
        SenderKeyPolicy policy = SenderKeyPolicy.Default;
        if (settings is null)
        {
            return policy;
        }

        return policy with
        {
            MaxMessagesPerKey = settings.RotateAfterMessages ?? policy.MaxMessagesPerKey,
            MaxKeyAge = settings.RotateAfter ?? policy.MaxKeyAge,
            TransitionWindow = settings.TransitionWindow ?? policy.TransitionWindow,
            MaxForwardJump = settings.MaxForwardJump ?? policy.MaxForwardJump,
            MaxSkippedKeys = settings.MaxSkippedKeys ?? policy.MaxSkippedKeys,
        };
    }

    public ScenarioResult Execute()
    {
        var watch = Stopwatch.StartNew();
        _transcript.Add($"scenario {_scenario.Name}");
        _transcript.Add(string.Create(CultureInfo.InvariantCulture, $"protocol sender-keys, seed {_seed}"));
        ScenarioOutcome outcome = ScenarioOutcome.Pass;
        string reason = "";
        string failedStep = "";
        try
        {
            foreach (Step step in _scenario.Steps)
            {
                Run(step);
            }

            _currentStep = "end of run";
            _transcript.Add("#end heal: every device online, holds released, dropped messages redelivered");
            _network.Heal();
            _checks.CheckEnd();
            _transcript.Add("PASS");
        }
        catch (ScenarioFailure failure)
        {
            outcome = ScenarioOutcome.Fail;
            reason = failure.Message;
            failedStep = _currentStep;
            _transcript.Add($"FAIL at {_currentStep}: {failure.Message}");
        }
#pragma warning disable CA1031 // Anything the family's code throws is a finding of this run, reported, not a crash of the harness.
        catch (Exception crash) when (crash is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            outcome = ScenarioOutcome.Fail;
            reason = $"unexpected {crash.GetType().Name}: {crash.Message}";
            failedStep = _currentStep;
            _transcript.Add($"FAIL at {_currentStep}: {reason}");
        }

        return new ScenarioResult(_scenario.Name, Families.SenderKeysFamily.P256, _seed, outcome, reason, failedStep, string.Join("\n", _transcript), [.. _world.Diagram], watch.Elapsed, _scenario.Tags, _scenario.Description)
        {
            SourceFile = _scenario.SourceFile,
        };
    }

    public void Dispose()
    {
        // Nothing to release: the family's devices keep their stored form in memory.
    }

    private void Run(Step step)
    {
        _world.StepNumber++;
        _currentStep = string.Create(CultureInfo.InvariantCulture, $"step {_world.StepNumber} (line {step.At.Line}): {step.Keyword}");
        if (step is not RepeatStep)
        {
            _transcript.Add(string.Create(CultureInfo.InvariantCulture, $"#{_world.StepNumber} {_describer.Describe(step)}"));
        }

        switch (step)
        {
            case RegisterStep s: Register(s); break;
            case AddUserStep s: AddUser(s); break;
            case AddDeviceStep s: AddDevice(s); break;
            case RestartStep s: Restart(Device(s.Device)); break;
            case OfflineStep s: Each(s.Device, d => d.Online = false); break;
            case OnlineStep s: Each(s.Device, d => { d.Online = true; _world.Flush(d); }); break;
            case AdvanceClockStep s: AdvanceClock(s.By); break;
            case CompromiseStep s: Compromise(s); break;
            case SendStep s: Send(s); break;
            case CreateGroupStep s: _world.Do(Device(s.By), new CreateGroup(X(s.Name), [.. s.Members.Select(X)])); break;
            case AddMembersStep s: _world.Do(Device(s.By), new AddMembers(X(s.Group), [.. s.Users.Select(X)])); break;
            case RemoveMembersStep s: _world.Do(Device(s.By), new RemoveMembers(X(s.Group), [.. s.Users.Select(X)])); break;
            case LeaveStep s: _world.Do(Device(s.Who), new LeaveGroup(X(s.Group))); break;
            case RepeatStep s: Repeat(s); break;
            case ExpectStep s: _checks.Check(s); break;
            default: _network.Run(step); break;
        }
    }

    private void Restart(SenderKeyDeviceSlot device)
    {
        device.Restart();
        Say($"  {device.Name} restarts from its store");
    }

    /// <summary>The virtual clock moves on; past the year 9999 (a scenario that advances it for ever) the run fails, as a step it cannot take.</summary>
    private void AdvanceClock(TimeSpan by)
    {
        long latest = (long)(DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).TotalMilliseconds;
        long step = (long)by.TotalMilliseconds;
        _world.NowMs = step <= latest - _world.NowMs
            ? _world.NowMs + step
            : throw new ScenarioFailure($"the virtual clock cannot pass the year 9999 (it is at {DateTimeOffset.FromUnixTimeMilliseconds(_world.NowMs):yyyy-MM-dd} and is asked to move {SpanText.Format(by)})");
    }

    private void Repeat(RepeatStep step)
    {
        for (int i = 1; i <= step.Times; i++)
        {
            _bindings.Push(step.Variable, i);
            try
            {
                foreach (Step inner in step.Body)
                {
                    Run(inner);
                }
            }
            finally
            {
                _bindings.Pop();
            }
        }
    }

    private void Register(RegisterStep step)
    {
        IEnumerable<string> users = step.Users.Contains("all", StringComparer.Ordinal) ? _userOrder : step.Users.Select(X);
        foreach (string user in users)
        {
            UserSpec spec = _users.TryGetValue(user, out UserSpec? u) ? u : throw new ScenarioFailure($"{user} is not a user of the scenario");
            for (int i = 1; i <= spec.Devices; i++)
            {
                string name = string.Create(CultureInfo.InvariantCulture, $"{user}/{i}");
                if (!_world.Has(name))
                {
                    _world.AddDevice(name);
                }
            }
        }
    }

    private void AddUser(AddUserStep step)
    {
        string user = X(step.User);
        _users[user] = new UserSpec(user, step.Devices);
        _userOrder.Add(user);
        for (int i = 1; i <= step.Devices; i++)
        {
            _world.AddDevice(string.Create(CultureInfo.InvariantCulture, $"{user}/{i}"));
        }
    }

    private void AddDevice(AddDeviceStep step)
    {
        string user = X(step.User);
        string id = step.As is { } named ? X(named) : (_world.DevicesOf(user).Count() + 1).ToString(CultureInfo.InvariantCulture);
        _world.AddDevice($"{user}/{id}");
    }

    private void Compromise(CompromiseStep step)
    {
        SenderKeyDeviceSlot device = Device(step.Device);
        string name = X(step.As);
        var random = new LabelledStream(string.Create(CultureInfo.InvariantCulture, $"sender-keys/{_seed}/adversary/{name}"));
        _world.Adversaries[name] = new SenderKeyAdversary(device.Name, DeviceStateCodec.Decode(device.Stored), step.Observes, random, _world.NameOfRead);
        Say($"  adversary {name} copies the stored state of {device.Name}{(step.Observes ? " and observes its traffic" : "")}");
    }

    private void Send(SendStep step)
    {
        SenderKeyDeviceSlot from = Device(step.From);
        string name = X(step.As);
        string to = X(step.To);
        byte[] text = step.Text is { } t ? Encoding.UTF8.GetBytes(X(t)) : SendSteps.Filler(name, step.Size ?? 0);
        _world.Ledger.Sent[name] = new SentText(name, from.Name, to, text, _world.RecipientsOf(from.Name, to));
        if (to.StartsWith(SendStep.GroupPrefix, StringComparison.Ordinal))
        {
            _world.Do(from, new SendGroupText(to[SendStep.GroupPrefix.Length..], text), name, groupLabel: name);
        }
        else
        {
            _world.Do(from, new SendText(to, text, name), name);
        }
    }

    private void Each(string party, Action<SenderKeyDeviceSlot> action)
    {
        foreach (string device in Parties(party))
        {
            action(_world.Device(device));
        }
    }

    /// <summary>One device: a device name, or a user's first device (as in every family).</summary>
    private SenderKeyDeviceSlot Device(string name)
    {
        IReadOnlyList<string> devices = Parties(name);
        return devices.Count > 0 ? _world.Device(devices[0]) : throw new ScenarioFailure($"expected a registered device, found \"{X(name)}\"");
    }

    /// <summary>The registered devices a party names: a device, every device of a user, or every device ("all").</summary>
    private IReadOnlyList<string> Parties(string party)
    {
        string name = X(party);
        if (name == "all")
        {
            return [.. _world.Devices.Select(d => d.Name)];
        }

        if (name.Contains('/', StringComparison.Ordinal))
        {
            return _world.Has(name) ? [name] : throw new ScenarioFailure($"expected a registered device, found \"{name}\"");
        }

        List<string> devices = [.. _world.DevicesOf(name).Select(d => d.Name)];
        return devices.Count > 0 ? devices : throw new ScenarioFailure($"expected a user with a registered device, found \"{name}\" (registered: {string.Join(", ", _world.Devices.Select(d => d.Name))})");
    }

    private bool Matches(MessageSelector raw, SenderKeyFlight flight)
    {
        MessageSelector s = _bindings.Expand(raw);
        return (s.Messages.Count == 0 || (flight.Label is not null && s.Messages.Contains(flight.Label, StringComparer.Ordinal)))
            && (s.To is null || flight.To == s.To || E2eeConformance.SenderKeys.Relay.RelayServer.UserOf(flight.To) == s.To)
            && (s.Kind is null || flight.Kind == s.Kind)
            && (s.From is null || flight.From == s.From || (flight.From != "server" && E2eeConformance.SenderKeys.Relay.RelayServer.UserOf(flight.From) == s.From));
    }

    private string X(string text) => _bindings.Expand(text);

    private void Say(string line) => _transcript.Add(line);
}
