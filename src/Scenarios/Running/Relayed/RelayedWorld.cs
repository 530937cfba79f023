using E2eeConformance.Scenarios.Model;

namespace E2eeConformance.Scenarios.Running.Relayed;

/// <summary>What a relayed run reads of its world whatever the family: the step counter, the clock, the diagram and the devices.</summary>
internal interface IRelayedWorld
{
    int StepNumber { get; set; }

    long NowMs { get; set; }

    List<DiagramEvent> Diagram { get; }

    /// <summary>The registered devices' names, in order of registration.</summary>
    IEnumerable<string> DeviceNames { get; }

    bool Has(string device);
}

/// <summary>A simulated device of a relayed family's world: its name and whether it is online.</summary>
internal interface IRelayedSlot
{
    string Name { get; }

    bool Online { get; set; }
}

/// <summary>
/// What every relayed family's world keeps the same way (sender keys, room keys, mpENC): the virtual clock, the
/// deliveries in flight, dropped and made, the hold rules, the diagram, the step counter, how selectors match and names
/// expand (set by the run), and the devices by name in order of registration with whether each can take a delivery.
/// Each family adds its server, its ledger and what a delivery, a replay and a tampered copy are.
/// </summary>
internal abstract class RelayedWorld<TFlight, TSlot>(Action<string> say) : IFlightWorld<TFlight>, IRelayedWorld
    where TFlight : Flight
    where TSlot : class, IRelayedSlot
{
    /// <summary>The virtual clock's start: 2026-01-01T00:00:00Z.</summary>
    public const long StartMs = 1_767_225_600_000;

    /// <summary>The shortest sent text the plaintext scan looks for in what devices hand the server (a shorter one turns up in random bytes by chance).</summary>
    public const int MinScannedTextLength = 6;

    private readonly Dictionary<string, TSlot> _devices = new(StringComparer.Ordinal);
    private readonly List<TSlot> _deviceOrder = [];

    public long NowMs { get; set; } = StartMs;

    public abstract string ServerName { get; }

    public List<TFlight> InFlight { get; } = [];

    /// <summary>Deliveries a <c>drop</c> took; the server still has them, so <c>run_until_quiet</c> and the heal bring them again.</summary>
    public List<TFlight> Dropped { get; } = [];

    /// <summary>Every delivery made, in order (what a passive observer of the network saw).</summary>
    public List<TFlight> History { get; } = [];

    /// <summary>Hold rules: later deliveries that match wait too, until released.</summary>
    public List<MessageSelector> HoldRules { get; } = [];

    public List<DiagramEvent> Diagram { get; } = [];

    /// <summary>The steps run so far (a <c>delay</c> counts in them).</summary>
    public int StepNumber { get; set; }

    /// <summary>Whether a selector matches a flight (set by the run: it expands names and parties).</summary>
    public Func<MessageSelector, TFlight, bool> MatchesRule { get; set; } = (_, _) => false;

    /// <summary>Fills in the enclosing repeats' variables (set by the run).</summary>
    public Func<string, string> Expand { get; set; } = s => s;

    /// <summary>The devices in order of registration.</summary>
    public IReadOnlyList<TSlot> Devices => _deviceOrder;

    public IEnumerable<string> DeviceNames => _deviceOrder.Select(d => d.Name);

    RelayLedger IFlightWorld<TFlight>.Ledger => SharedLedger;

    /// <summary>The family's ledger as every relayed family's.</summary>
    protected abstract RelayLedger SharedLedger { get; }

    public bool Matches(MessageSelector selector, TFlight flight) => MatchesRule(selector, flight);

    public string ExpandName(string text) => Expand(text);

    public void Say(string line) => say(line);

    public bool Has(string device) => _devices.ContainsKey(device);

    public TSlot Device(string device) =>
        _devices.TryGetValue(device, out TSlot? slot) ? slot : throw new ScenarioFailure($"{device} is not a registered device");

    public bool CanTake(string device) => !_devices.TryGetValue(device, out TSlot? slot) || slot.Online;

    public void BringAllOnline()
    {
        foreach (TSlot device in _deviceOrder.Where(d => !d.Online))
        {
            device.Online = true;
            Flush(device);
        }
    }

    /// <summary>A device back online: what waited in its outbox leaves, in order.</summary>
    public abstract void Flush(TSlot slot);

    public abstract void Deliver(TFlight flight, string note = "");

    public abstract bool CarriesText(TFlight flight);

    public abstract void Replay(TFlight original);

    public abstract void Tamper(TFlight original, TamperStep step, Simulation.SeededRandom random);

    /// <summary>Registers a new device (a name registered already fails the run).</summary>
    protected void AddSlot(TSlot slot)
    {
        if (!_devices.TryAdd(slot.Name, slot))
        {
            throw new ScenarioFailure($"{slot.Name} is registered already");
        }

        _deviceOrder.Add(slot);
    }

    /// <summary>Whether a device of this name is registered (before it is made).</summary>
    protected void RequireNew(string name)
    {
        if (_devices.ContainsKey(name))
        {
            throw new ScenarioFailure($"{name} is registered already");
        }
    }
}
