using System.Globalization;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.InMemoryServer;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Simulation;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// What every part of one run shares: the scenario, suite and seed; the virtual clock, the in-memory server and the
/// simulated network between it and the devices; who is who (<see cref="RunRoster"/>); the message ledger, findings,
/// transcript and diagram; and where the run stands (step number, current step). Deterministic: the network's choices
/// come from <see cref="Random"/> (seeded), time is virtual, ids are sequential.
/// </summary>
internal sealed class RunContext : IDisposable
{
    private int _injected;

    /// <summary>A fresh server, network and roster for one run of <paramref name="scenario"/>.</summary>
    public RunContext(Scenario scenario, CipherSuite suite, ulong seed, ImplementationAssignment? implementations = null)
    {
        Scenario = scenario;
        Suite = suite;
        Seed = seed;
        Random = new SeededRandom(seed);
        Stores = new RunStores(scenario, suite.Name);
        Roster = new RunRoster(scenario.Users, Bindings);
        Network = new SimulatedNetwork(Roster.NameOf, Ledger.NameOf);
        var options = new E2eeServerOptions { OneTimePreKeyRefillThreshold = scenario.Server.OneTimePreKeyRefillThreshold };
        Server = new E2eeServer(options, Clock, null, Network);
        Requests = new RequestObserver(Findings, Diagram, Roster);
        ImplementationAssignment assignment = implementations ?? ImplementationAssignment.Engine;
        Transport = new ObservedTransport(new InProcessTransport(Server), Requests.Observe, credential => Offline.Contains(Roster.NameOf(credential.Address)));
        Driver = new DeviceDriver(
            Transport,
            Clock,
            Server.Domain,
            device => assignment.ForUser(Roster.IndexOf(device.User) is >= 0 and int index ? index : throw new InvalidOperationException($"{device.Name} belongs to no user of the scenario")),
            Stores.DirectoryFor);
    }

    /// <summary>The scenario being run.</summary>
    public Scenario Scenario { get; }

    /// <summary>The suite of this run.</summary>
    public CipherSuite Suite { get; }

    /// <summary>The seed every random choice derives from.</summary>
    public ulong Seed { get; }

    /// <summary>The run's virtual time.</summary>
    public VirtualClock Clock { get; } = new();

    /// <summary>The in-memory server of this run.</summary>
    public E2eeServer Server { get; }

    /// <summary>The network between the server and the devices.</summary>
    public SimulatedNetwork Network { get; }

    /// <summary>The network's and the faults' random choices, from the seed.</summary>
    public SeededRandom Random { get; }

    /// <summary>Where the devices keep their state.</summary>
    public RunStores Stores { get; }

    /// <summary>The variables of the enclosing repeats.</summary>
    public RepeatBindings Bindings { get; } = new();

    /// <summary>Users, devices and groups, and the names that stand for them.</summary>
    public RunRoster Roster { get; }

    /// <summary>The devices' way to the server (a malicious server rewrites its answers here).</summary>
    public ObservedTransport Transport { get; }

    /// <summary>The engine boundary: every call into a device.</summary>
    public DeviceDriver Driver { get; }

    /// <summary>Sees every request to the server.</summary>
    public RequestObserver Requests { get; }

    /// <summary>Every message a send step asked for, who encrypted and who decrypted it.</summary>
    public MessageLedger Ledger { get; } = new();

    /// <summary>Errors, violations and the expectations' claims on them.</summary>
    public RunFindings Findings { get; } = new();

    /// <summary>The devices that are offline now (<c>offline</c> steps): nothing is delivered to them, their requests wait.</summary>
    public HashSet<string> Offline { get; } = new(StringComparer.Ordinal);

    /// <summary>The adversaries that copied a device's state, by name.</summary>
    public Dictionary<string, Adversary> Adversaries { get; } = new(StringComparer.Ordinal);

    /// <summary>The run's transcript.</summary>
    public Transcript Transcript { get; } = new();

    /// <summary>The run's sequence diagram.</summary>
    public RunDiagram Diagram { get; } = new();

    /// <summary>The number of the current step (repeat bodies and the final heal count too).</summary>
    public int Step { get; set; }

    /// <summary>Where the run is, for a failure: "step 3 (line 12): send", or "end of run".</summary>
    public string CurrentStep { get; set; } = "";

    /// <summary>A test double's seam on every delivery (<see cref="DeliveryInterceptor"/>); null in ordinary runs.</summary>
    public DeliveryInterceptor? Interceptor { get; init; }

    /// <summary>How many ProtoMsg copies an adversary sent or tried so far.</summary>
    public int Injected => _injected;

    /// <summary>Writes one transcript line.</summary>
    public void Say(string line) => Transcript.Line(line);

    /// <summary>Fills in the repeat variables.</summary>
    public string Expand(string text) => Bindings.Expand(text);

    /// <summary>The expanded name of a message a step sends; the step fails when a message of that name was already sent.</summary>
    public string NewMessageName(string name)
    {
        string expanded = Expand(name);
        return Ledger.Exists(expanded) ? throw new ScenarioFailure($"expected a new message name, but {expanded} was already sent") : expanded;
    }

    /// <summary>Fills in the repeat variables of each text.</summary>
    public IReadOnlyList<string> Expand(IReadOnlyList<string> texts) => Bindings.Expand(texts);

    /// <summary>Fills in the repeat variables of a message selector.</summary>
    public MessageSelector Expand(MessageSelector selector) => Bindings.Expand(selector);

    /// <summary>Whether the delivery may be made now (not held, not delayed past the current step, its device online).</summary>
    public bool Deliverable(InFlightDelivery d) => !Offline.Contains(d.To) && Network.Deliverable(d, Step, Roster.DevicesOf);

    /// <summary>Gives an adversary's copy a fresh ProtoMsg id the server never issued (its consume is absorbed by <see cref="ObservedTransport"/>).</summary>
    public void Reissue(Wire.ProtoMsg copy) =>
        copy.Tag = new Wire.ProtoMsgTag { ProtoMsgId = ObservedTransport.InjectedIdPrefix + (++_injected).ToString(CultureInfo.InvariantCulture), ProtoMsgT = copy.Tag?.ProtoMsgT ?? 0 };

    /// <summary>Closes the devices' stores and deletes the run's files.</summary>
    public void Dispose()
    {
        Driver.Dispose();
        Stores.Close(Roster.Devices);
    }
}
