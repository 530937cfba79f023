using System.Diagnostics;
using System.Globalization;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.InMemoryServer;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Simulation;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Scenarios.Running;

/// <summary>
/// One run of one scenario with one suite and one seed, on a fresh in-memory server with simulated devices
/// (ARCHITECTURE §Data flow): step → device → request → server → network (faults) → device → events → transcript →
/// expectations and invariants. Deterministic: every random choice comes from the seed (devices: their own streams
/// labelled by seed, suite and name; the network: <see cref="SeededRandom"/>), time is virtual, ids are sequential.
/// </summary>
internal sealed partial class ScenarioRun : IDisposable
{
    private const int MaxDeliveriesPerStep = 1_000_000;

    /// <summary>Server redelivery rounds of one run_until_quiet before the run is declared not to become quiet.</summary>
    private const int MaxRedeliveryRounds = 1000;

    /// <summary>How finely chaos probabilities are drawn (one in a million).</summary>
    private const int ChanceResolution = 1_000_000;

    /// <summary>How many undelivered messages or unexpected errors a failure message lists.</summary>
    private const int MaxListedInFailure = 20;

    private readonly Scenario _scenario;
    private readonly CipherSuite _suite;
    private readonly ulong _seed;
    private readonly VirtualClock _clock = new();
    private readonly E2eeServer _server;
    private readonly SimulatedNetwork _network;
    private readonly ObservedTransport _transport;
    private readonly SeededRandom _random;
    private readonly bool _sqlite;
    private readonly string _tempDirectory;
    private readonly Dictionary<string, SimDevice> _devices = new(StringComparer.Ordinal);
    private readonly List<SimDevice> _deviceOrder = [];
    private readonly Dictionary<string, List<SimDevice>> _userDevices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UserSpec> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _nameByAddress = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimGroup> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _groupNameByAddress = new(StringComparer.Ordinal);
    private readonly MessageLedger _ledger = new();
    private readonly List<RecordedError> _errors = [];
    private readonly List<(IReadOnlyCollection<string> Devices, string Code)> _tolerated = [];
    private readonly Dictionary<string, Adversary> _adversaries = new(StringComparer.Ordinal);
    private readonly HashSet<(string Device, string Message)> _excused = [];
    private readonly List<string> _violations = [];
    private readonly List<byte[]> _watchedTexts = [];
    private readonly Transcript _transcript = new();
    private readonly List<DiagramEvent> _diagram = [];
    private readonly List<(int Index, string MsgId)> _diagramLabels = [];
    private readonly EventCollector _events = new();
    private readonly List<(string Name, int Value)> _bindings = [];
    private int _step;
    private int _injected;
    private string _currentStep = "";

    public ScenarioRun(Scenario scenario, CipherSuite suite, ulong seed)
    {
        _scenario = scenario;
        _suite = suite;
        _seed = seed;
        _random = new SeededRandom(seed);
        _sqlite = scenario.Store == StoreKind.Sqlite || (scenario.Store == StoreKind.Auto && Contains(scenario.Steps, s => s is RestartStep));
        _tempDirectory = Path.Combine(Path.GetTempPath(), "e2ee-conformance", $"{scenario.Name}-{suite.Name}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        _network = new SimulatedNetwork(NameOf, _ledger.NameOf);
        var options = new E2eeServerOptions { OneTimePreKeyRefillThreshold = scenario.Server.OneTimePreKeyRefillThreshold };
        _server = new E2eeServer(options, _clock, null, _network);
        _transport = new ObservedTransport(new InProcessTransport(_server), OnRequest);
        foreach (UserSpec user in scenario.Users)
        {
            _users[user.Name] = user;
            _userDevices[user.Name] = [];
        }
    }

    public ScenarioResult Execute()
    {
        var watch = Stopwatch.StartNew();
        _transcript.Line($"scenario {_scenario.Name}");
        _transcript.Line(string.Create(CultureInfo.InvariantCulture, $"seed {_seed}"));
        ScenarioOutcome outcome = ScenarioOutcome.Pass;
        string reason = "";
        string failedStep = "";
        try
        {
            foreach (Step step in _scenario.Steps)
            {
                RunStep(step);
            }

            _currentStep = "end of run";
            Heal();
            CheckEndInvariants();
            _transcript.Line("PASS");
        }
        catch (ScenarioFailure failure)
        {
            outcome = ScenarioOutcome.Fail;
            reason = failure.Message;
            failedStep = _currentStep;
            _transcript.Line($"FAIL at {_currentStep}: {failure.Message}");
        }
#pragma warning disable CA1031 // Anything the engine or server throws is a finding of this run, reported, not a crash of the harness.
        catch (Exception crash) when (crash is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            outcome = ScenarioOutcome.Fail;
            reason = $"unexpected {crash.GetType().Name}: {crash.Message}";
            failedStep = _currentStep;
            _transcript.Line($"FAIL at {_currentStep}: {reason}");
        }

        return new ScenarioResult(_scenario.Name, _suite.Name, _seed, outcome, reason, failedStep, _transcript.ToString(), FinalDiagram(), watch.Elapsed, _scenario.Tags, _scenario.Description)
        {
            SourceFile = _scenario.SourceFile,
        };
    }

    private void RunStep(Step step)
    {
        _step++;
        _currentStep = string.Create(CultureInfo.InvariantCulture, $"step {_step} ({Where(step)}): {step.Keyword}");
        string header = string.Create(CultureInfo.InvariantCulture, $"#{_step} {Describe(step)}");
        _transcript.Line(header);
        _diagram.Add(new DiagramEvent(DiagramEventKind.Note, "server", "server", header, ""));
        switch (step)
        {
            case RegisterStep s: Register(s); break;
            case AddDeviceStep s: AddDevice(s); break;
            case RestartStep s: Restart(s); break;
            case AdvanceClockStep s: AdvanceClock(s); break;
            case CompromiseStep s: Compromise(s); break;
            case SendStep s: Send(s); break;
            case CreateGroupStep s: CreateGroup(s); break;
            case AddMembersStep s: AddMembers(s); break;
            case RemoveMembersStep s: RemoveMembers(s); break;
            case LeaveStep s: Leave(s); break;
            case AddGroupDeviceStep s: AddGroupDevice(s); break;
            case DeliverStep s: Deliver(s); break;
            case HoldStep s: Hold(s); break;
            case ReleaseStep s: Release(s); break;
            case DropStep s: Drop(s); break;
            case DuplicateStep s: Duplicate(s); break;
            case DelayStep s: Delay(s); break;
            case ReplayStep s: Replay(s); break;
            case TamperStep s: Tamper(s); break;
            case RunUntilQuietStep: RunUntilQuiet(); break;
            case ChaosStep s: Chaos(s); break;
            case RepeatStep s: Repeat(s); break;
            case ExpectStep s: Expect(s); break;
            default: throw new ScenarioFailure($"the runner does not know the step {step.Keyword}");
        }

        CheckStepInvariants();
    }

    private void Repeat(RepeatStep step)
    {
        for (int i = 1; i <= step.Times; i++)
        {
            _bindings.Add((step.Variable, i));
            try
            {
                foreach (Step inner in step.Body)
                {
                    RunStep(inner);
                }
            }
            finally
            {
                _bindings.RemoveAt(_bindings.Count - 1);
            }
        }
    }

    /// <summary>Replaces <c>{var}</c> with the value of each enclosing repeat.</summary>
    private string X(string text)
    {
        if (_bindings.Count == 0 || !text.Contains('{', StringComparison.Ordinal))
        {
            return text;
        }

        for (int i = _bindings.Count - 1; i >= 0; i--)
        {
            text = text.Replace("{" + _bindings[i].Name + "}", _bindings[i].Value.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        return text;
    }

    private IReadOnlyList<string> X(IReadOnlyList<string> texts) => [.. texts.Select(X)];

    private static string Where(Step step) => step.At.Line == 0 ? "fluent" : $"line {step.At.Line}";

    private static bool Contains(IReadOnlyList<Step> steps, Func<Step, bool> predicate) =>
        steps.Any(s => predicate(s) || (s is RepeatStep r && Contains(r.Body, predicate)));

    // ---- names ------------------------------------------------------------------------------------------------------

    private string NameOf(Wire.E2eeAddress address) => NameOf(Addresses.Format(address));

    private string NameOf(string formatted) =>
        _nameByAddress.TryGetValue(formatted, out string? name) ? name
        : _groupNameByAddress.TryGetValue(formatted, out string? group) ? "group:" + group
        : formatted;

    /// <summary>The devices a name stands for: "all", a user (its devices now), or one device.</summary>
    private IReadOnlyCollection<string> DevicesOf(string name)
    {
        name = X(name);
        if (name == "all")
        {
            return [.. _deviceOrder.Select(d => d.Name)];
        }

        if (_userDevices.TryGetValue(name, out List<SimDevice>? devices))
        {
            return [.. devices.Select(d => d.Name)];
        }

        if (_devices.ContainsKey(name))
        {
            return [name];
        }

        throw new ScenarioFailure($"expected a user or a registered device, found \"{name}\" (users: {string.Join(", ", _scenario.Users.Select(u => u.Name))}; devices: {string.Join(", ", _deviceOrder.Select(d => d.Name))})");
    }

    /// <summary>One device: a device name, or a user's first device.</summary>
    private SimDevice DeviceNamed(string name)
    {
        name = X(name);
        if (_devices.TryGetValue(name, out SimDevice? device))
        {
            return device;
        }

        if (_userDevices.TryGetValue(name, out List<SimDevice>? devices) && devices.Count > 0)
        {
            return devices[0];
        }

        throw new ScenarioFailure($"expected a registered device, found \"{name}\" (registered: {string.Join(", ", _deviceOrder.Select(d => d.Name))})");
    }

    private SimGroup GroupNamed(string name)
    {
        name = X(name);
        if (name.StartsWith(SendStep.GroupPrefix, StringComparison.Ordinal))
        {
            name = name[SendStep.GroupPrefix.Length..];
        }

        return _groups.TryGetValue(name, out SimGroup? group) ? group
            : throw new ScenarioFailure($"expected a group created earlier, found \"{name}\" (groups: {string.Join(", ", _groups.Keys)})");
    }

    private IEnumerable<string> UsersOf(IReadOnlyList<string> names)
    {
        foreach (string raw in names)
        {
            string name = X(raw);
            if (name == "all")
            {
                foreach (string user in _scenario.Users.Select(u => u.Name))
                {
                    yield return user;
                }
            }
            else if (_users.ContainsKey(name))
            {
                yield return name;
            }
            else
            {
                throw new ScenarioFailure($"expected a user, found \"{name}\" (users: {string.Join(", ", _scenario.Users.Select(u => u.Name))})");
            }
        }
    }

    // ---- diagram ----------------------------------------------------------------------------------------------------

    private void OnRequest(string kind, DeviceCredential? credential, Google.Protobuf.IMessage request)
    {
        if (request is Wire.ConsumeProtoMsgRequest)
        {
            return; // the most frequent request carries an id only: nothing to scan, nothing to draw
        }

        byte[] bytes = Google.Protobuf.MessageExtensions.ToByteArray(request);
        foreach (byte[] text in _watchedTexts)
        {
            if (bytes.AsSpan().IndexOf(text) >= 0)
            {
                _violations.Add($"plaintext {Transcript.Quote(text)} reached the server in a {kind} request");
            }
        }

        string from = credential is null ? _registering ?? "device" : NameOf(credential.Address);
        string msgId = request switch
        {
            Wire.SendOne2oneMsgRequest r => r.Msg?.MsgId ?? "",
            Wire.SendGroupMsgRequest r => r.Msg?.MsgId ?? "",
            _ => "",
        };
        if (msgId.Length > 0)
        {
            _diagramLabels.Add((_diagram.Count, msgId));
        }

        _diagram.Add(new DiagramEvent(DiagramEventKind.Request, from, "server", kind, ""));
    }

    private List<DiagramEvent> FinalDiagram()
    {
        List<DiagramEvent> diagram = [.. _diagram];
        foreach ((int index, string msgId) in _diagramLabels)
        {
            if (_ledger.NameOf(msgId) is { } name)
            {
                diagram[index] = diagram[index] with { Label = $"{diagram[index].Label} {name}" };
            }
        }

        return diagram;
    }

    public void Dispose()
    {
        foreach (SimDevice device in _deviceOrder)
        {
            (device.Store as IDisposable)?.Dispose();
        }

        if (Directory.Exists(_tempDirectory))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_tempDirectory, recursive: true);
        }
    }
}
