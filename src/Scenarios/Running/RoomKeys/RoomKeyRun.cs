using System.Diagnostics;
using System.Globalization;
using System.Text;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Server;
using E2eeConformance.Scenarios.Running.Execution;
using E2eeConformance.Scenarios.Running.Relayed;

namespace E2eeConformance.Scenarios.Running.RoomKeys;

/// <summary>
/// One run of a scenario on the room-key family (seed 002): devices of <c>E2eeConformance.RoomKeys</c> and its server,
/// a virtual clock and a simulated network, driven step by step. Deterministic: each device draws from its own stream
/// labelled by the seed and its name (its RSA key pair from its name, RK-18), time is virtual, the server order is a
/// counter. Its result has the same shape as every family's: transcript, diagram, outcome and the failing step.
/// </summary>
internal sealed class RoomKeyRun
{
    /// <summary>The RSA key size of a run that names none (RK-18: 2048 bits for speed; the family's default is 3072).</summary>
    public const int DefaultRsaBits = 2048;

    private readonly Scenario _scenario;
    private readonly ulong _seed;
    private readonly List<string> _transcript = [];
    private readonly RepeatBindings _bindings = new();
    private readonly StepDescriber _describer;
    private readonly RoomKeyWorld _world;
    private readonly FlightNetwork<RoomKeyFlight> _network;
    private readonly RoomKeyChecks _checks;
    private readonly Dictionary<string, UserSpec> _users = new(StringComparer.Ordinal);
    private readonly List<string> _userOrder = [];
    private string _currentStep = "";

    public RoomKeyRun(Scenario scenario, ulong seed)
    {
        _scenario = scenario;
        _seed = seed;
        _describer = new StepDescriber(_bindings);
        RoomServerPolicy policy = scenario.RoomKeys?.ReplaceAfter is { } after ? new RoomServerPolicy((long)after.TotalMilliseconds) : RoomServerPolicy.Default;
        _world = new RoomKeyWorld(seed, policy, scenario.RoomKeys?.RsaBits ?? DefaultRsaBits, _transcript.Add) { MatchesRule = Matches, Expand = X };
        _network = new FlightNetwork<RoomKeyFlight>(_world, "room-keys", seed, Parties);
        _checks = new RoomKeyChecks(_world, Parties, _bindings);
        foreach (UserSpec user in scenario.Users)
        {
            _users[user.Name] = user;
            _userOrder.Add(user.Name);
        }
    }

    public ScenarioResult Execute()
    {
        var watch = Stopwatch.StartNew();
        _transcript.Add($"scenario {_scenario.Name}");
        _transcript.Add(string.Create(CultureInfo.InvariantCulture, $"protocol room-keys, seed {_seed}, RSA-{_world.RsaBits}"));
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

        return new ScenarioResult(_scenario.Name, Families.RoomKeysFamily.Rsa, _seed, outcome, reason, failedStep, string.Join("\n", _transcript), [.. _world.Diagram], watch.Elapsed, _scenario.Tags, _scenario.Description)
        {
            SourceFile = _scenario.SourceFile,
        };
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
            case RestartStep s: Restart(Device(s.Device)); break;
            case OfflineStep s: Each(s.Device, d => d.Online = false); break;
            case OnlineStep s: Each(s.Device, d => { d.Online = true; _world.Flush(d); }); break;
            case AdvanceClockStep s: AdvanceClock(s.By); break;
            case CompromiseStep s: Compromise(s); break;
            case SendStep s: Send(s); break;
            case CreateGroupStep s: CreateGroup(s); break;
            case AddMembersStep s: Each(s.Users, u => _world.Do(Device(s.By), new Invite(X(s.Group), u))); break;
            case RemoveMembersStep s: Each(s.Users, u => _world.Do(Device(s.By), new RemoveMember(X(s.Group), u))); break;
            case LeaveStep s: _world.Do(Device(s.Who), new LeaveRoom(X(s.Group))); break;
            case RequestJoinStep s: _world.Do(Device(s.Who), new RequestJoin(X(s.Group))); break;
            case ApproveJoinStep s: _world.Do(Device(s.By), new ApproveJoin(X(s.Group), X(s.Who))); break;
            case SetE2eeStep s: _world.Do(Device(s.By), new SetE2ee(X(s.Group), s.On)); break;
            case ServerStep s: Server(s.Action); break;
            case RepeatStep s: Repeat(s); break;
            case ExpectStep s: _checks.Check(s); break;
            default: _network.Run(step); break;
        }
    }

    private void Restart(RoomKeyDeviceSlot device)
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
            _ = _users.TryGetValue(user, out _) ? user : throw new ScenarioFailure($"{user} is not a user of the scenario");
            if (!_world.Has(RoomKeyWorld.DeviceOf(user)))
            {
                _world.AddDevice(user);
            }
        }
    }

    private void AddUser(AddUserStep step)
    {
        string user = X(step.User);
        _users[user] = new UserSpec(user, step.Devices);
        _userOrder.Add(user);
        _world.AddDevice(user);
    }

    /// <summary>A room with members: the creator's NewSessionRequest, then an invitation to each other member (the seed has no other way in).</summary>
    private void CreateGroup(CreateGroupStep step)
    {
        RoomKeyDeviceSlot creator = Device(step.By);
        string room = X(step.Name);
        _world.Do(creator, new CreateRoom(room, step.E2ee ?? true));
        IEnumerable<string> members = step.Members.Contains("all", StringComparer.Ordinal) ? _userOrder : step.Members.Select(X);
        foreach (string member in members.Where(m => m != creator.User).Distinct(StringComparer.Ordinal))
        {
            _world.Do(creator, new Invite(room, member));
        }
    }

    private void Server(ServerAction action)
    {
        switch (action)
        {
            case SubstituteBundleAction a:
                _world.Server.Substitutions[RoomKeyWorld.UserOf(X(a.Of))] = RoomKeyWorld.UserOf(X(a.With));
                Say($"  the server now hands out {X(a.With)}'s public key as {X(a.Of)}'s");
                break;
            default:
                _world.Server.Substitutions.Clear();
                Say("  the server is honest again");
                break;
        }
    }

    private void Compromise(CompromiseStep step)
    {
        RoomKeyDeviceSlot device = Device(step.Device);
        string name = X(step.As);
        var random = new RoomKeyRandom(string.Create(CultureInfo.InvariantCulture, $"room-keys/{_seed}/adversary/{name}"));
        _world.Adversaries[name] = new RoomKeyAdversary(device.Name, DeviceStateCodec.Decode(device.Stored), step.Observes, random, _world.NameOfRead);
        Say($"  adversary {name} copies the stored state of {device.Name}{(step.Observes ? " and observes its traffic" : "")}");
    }

    private void Send(SendStep step)
    {
        RoomKeyDeviceSlot from = Device(step.From);
        string name = X(step.As);
        string to = X(step.To);
        string room = to[SendStep.GroupPrefix.Length..];
        byte[] text = step.Text is { } t ? Encoding.UTF8.GetBytes(X(t)) : SendSteps.Filler(name, step.Size ?? 0);
        _world.Ledger.Sent[name] = new SentText(name, from.Name, to, text, _world.RecipientsOf(from.Name, room));
        _world.Do(from, new SendRoomText(room, text, step.Encrypt, name), name);
    }

    private void Each(IReadOnlyList<string> users, Action<string> action)
    {
        foreach (string user in users.Select(X))
        {
            action(user);
        }
    }

    private void Each(string party, Action<RoomKeyDeviceSlot> action)
    {
        foreach (string device in Parties(party))
        {
            action(_world.Device(device));
        }
    }

    /// <summary>One device: a device name, or a user's first device (as in every family).</summary>
    private RoomKeyDeviceSlot Device(string name)
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

        List<string> devices = _world.Has(RoomKeyWorld.DeviceOf(name)) ? [RoomKeyWorld.DeviceOf(name)] : [];
        return devices.Count > 0 ? devices : throw new ScenarioFailure($"expected a user with a registered device, found \"{name}\" (registered: {string.Join(", ", _world.Devices.Select(d => d.Name))})");
    }

    private bool Matches(MessageSelector raw, RoomKeyFlight flight)
    {
        MessageSelector s = _bindings.Expand(raw);
        return (s.Messages.Count == 0 || (flight.Label is not null && s.Messages.Contains(flight.Label, StringComparer.Ordinal)))
            && (s.To is null || flight.To == s.To || RoomKeyWorld.UserOf(flight.To) == s.To)
            && (s.Kind is null || flight.Kind == s.Kind)
            && (s.From is null || flight.From == s.From || (flight.From != "server" && RoomKeyWorld.UserOf(flight.From) == s.From));
    }

    private string X(string text) => _bindings.Expand(text);

    private void Say(string line) => _transcript.Add(line);
}
