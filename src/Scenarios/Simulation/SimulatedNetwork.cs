using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.Delivery;
using E2eeConformance.Scenarios.Model;

namespace E2eeConformance.Scenarios.Simulation;

/// <summary>
/// The delivery layer between the in-memory server and the devices (ARCHITECTURE §Data flow): the server's delivery
/// policy, which keeps every stored ProtoMsg as an <see cref="InFlightDelivery"/> until the runner hands it to its
/// device, drops it, holds it or delays it. Faults are decided by the scenario and the seed, never inside the engine.
/// The server keeps the message stored until the device consumes it, so a dropped delivery comes back on redelivery.
/// The messages handed over are the server's own, read-only: the runner clones one before it tampers with it or hands
/// it to a device.
/// </summary>
public sealed class SimulatedNetwork(Func<E2eeAddress, string> deviceName, Func<string, string?> labelOf) : IDeliveryPolicy
{
    private readonly List<InFlightDelivery> _inFlight = [];
    private readonly List<InFlightDelivery> _history = [];
    private readonly List<MessageSelector> _holdRules = [];
    private readonly List<InFlightDelivery> _withheld = [];
    private readonly List<InFlightDelivery> _rerouted = [];
    private long _sequence;

    /// <summary>
    /// Whether the server withholds a delivery for good (a malicious server, <c>server: { withhold }</c>): it is never
    /// in flight, and redelivery does not bring it. Null: nothing is withheld.
    /// </summary>
    public Func<InFlightDelivery, bool>? Withholds { get; set; }

    /// <summary>Whether a delivery must wait (a partition, <c>server: { partition }</c>); null: nothing waits. The heal ends it.</summary>
    public Func<InFlightDelivery, bool>? Blocks { get; set; }

    /// <summary>
    /// A malicious server's rerouting (<c>server: { intercept }</c>): given a delivery about to be queued, the delivery
    /// to queue instead (another recipient, rewritten addresses: recorded as rerouted), the same one, or null to queue
    /// nothing (the hook withheld it). Null: nothing is rerouted.
    /// </summary>
    public Func<InFlightDelivery, InFlightDelivery?>? Reroutes { get; set; }

    /// <summary>The deliveries the server withheld, one per message and recipient, in order.</summary>
    public IReadOnlyList<InFlightDelivery> Withheld => _withheld;

    /// <summary>Deliveries not yet made, in server order.</summary>
    public IReadOnlyList<InFlightDelivery> InFlight => _inFlight;

    /// <summary>Every delivery the server ever queued, in order (what a passive network observer saw).</summary>
    public IReadOnlyList<InFlightDelivery> History => _history;

    /// <inheritdoc/>
    public void OnStored(E2eeAddress device, ProtoMsg message) => Add(device, message);

    /// <summary>Server redelivery of an unconsumed message: in flight again unless it still is.</summary>
    public void OnRedeliver(E2eeAddress device, ProtoMsg message)
    {
        string to = deviceName(device);
        if (!_inFlight.Any(d => d.To == to && d.ProtoMsgId == message.Tag?.ProtoMsgId))
        {
            Add(device, message);
        }
    }

    private void Add(E2eeAddress device, ProtoMsg message)
    {
        E2eeAddress? sender = ProtoMsgKinds.SenderOf(message);
        var delivery = new InFlightDelivery(++_sequence, deviceName(device), message, ProtoMsgKinds.Of(message), () => sender?.User is null ? "server" : deviceName(sender));
        if (Withholds?.Invoke(delivery) == true)
        {
            Withhold(delivery);
            return;
        }

        InFlightDelivery? routed = Reroutes is null ? delivery : Reroutes(delivery);
        if (routed is null)
        {
            return;
        }

        if (!ReferenceEquals(routed, delivery))
        {
            _rerouted.Add(routed);
        }

        delivery = routed;
        _inFlight.Add(delivery);
        _history.Add(delivery);
    }

    /// <summary>Takes a delivery out of flight for good: the server withholds it (redeliveries of it are withheld too).</summary>
    public void Withhold(InFlightDelivery delivery)
    {
        _inFlight.Remove(delivery);
        if (!_withheld.Any(d => d.To == delivery.To && d.ProtoMsgId == delivery.ProtoMsgId))
        {
            _withheld.Add(delivery);
        }
    }

    /// <summary>Whether the server withheld the message named <paramref name="label"/> from <paramref name="device"/>.</summary>
    public bool WasWithheld(string device, string label) => _withheld.Any(d => d.To == device && LabelOf(d) == label);

    /// <summary>Whether the server rerouted the message named <paramref name="label"/> to <paramref name="device"/> (an interception).</summary>
    public bool WasReroutedTo(string device, string label) => _rerouted.Any(d => d.To == device && LabelOf(d) == label);

    /// <summary>The scenario's name for a delivery's message ("m1"), or null for protocol traffic.</summary>
    public string? LabelOf(InFlightDelivery delivery) => delivery.MsgId.Length == 0 ? null : labelOf(delivery.MsgId);

    /// <summary>How a delivery is shown in transcripts: "one2one m1 alice/1 -> bob/1", "invite alice/1 -> bob/1".</summary>
    public string Describe(InFlightDelivery delivery) =>
        LabelOf(delivery) is { } label ? $"{delivery.Kind} {label} {delivery.From} -> {delivery.To}" : $"{delivery.Kind} {delivery.From} -> {delivery.To}";

    /// <summary>
    /// Whether <paramref name="delivery"/> matches <paramref name="selector"/>: recipient, sender, kind and message
    /// name; <paramref name="devicesOf"/> expands a user name to its devices.
    /// </summary>
    public bool Matches(MessageSelector selector, InFlightDelivery delivery, Func<string, IReadOnlyCollection<string>> devicesOf)
    {
        if (selector.To is { } to && !devicesOf(to).Contains(delivery.To))
        {
            return false;
        }

        if (selector.From is { } from && !(from == delivery.From || (from != "server" && devicesOf(from).Contains(delivery.From))))
        {
            return false;
        }

        if (selector.Kind is { } kind && !string.Equals(kind, delivery.Kind, StringComparison.Ordinal))
        {
            return false;
        }

        return selector.Messages.Count == 0 || (LabelOf(delivery) is { } label && selector.Messages.Contains(label, StringComparer.Ordinal));
    }

    /// <summary>Whether a delivery may be made now (not held by a flag or a rule, not delayed).</summary>
    public bool Deliverable(InFlightDelivery delivery, int step, Func<string, IReadOnlyCollection<string>> devicesOf) =>
        delivery.DelayedUntilStep <= step && !delivery.Held && (delivery.Released || !_holdRules.Any(rule => Matches(rule, delivery, devicesOf)))
        && Blocks?.Invoke(delivery) != true;

    /// <summary>The in-flight deliveries <paramref name="selector"/> matches, in server order.</summary>
    public IReadOnlyList<InFlightDelivery> Select(MessageSelector selector, Func<string, IReadOnlyCollection<string>> devicesOf) =>
        [.. _inFlight.Where(d => Matches(selector, d, devicesOf))];

    /// <summary>Holds what is in flight now and, until released, whatever matches later.</summary>
    public IReadOnlyList<InFlightDelivery> Hold(MessageSelector selector, Func<string, IReadOnlyCollection<string>> devicesOf)
    {
        _holdRules.Add(selector);
        IReadOnlyList<InFlightDelivery> held = Select(selector, devicesOf);
        foreach (InFlightDelivery d in held)
        {
            d.Held = true;
            d.Released = false;
        }

        return held;
    }

    /// <summary>Releases held deliveries matching the selector (every hold for "all") and the hold rules it names; returns those that were held.</summary>
    public IReadOnlyList<InFlightDelivery> Release(MessageSelector selector, Func<string, IReadOnlyCollection<string>> devicesOf)
    {
        List<InFlightDelivery> matching = [.. _inFlight.Where(d => Matches(selector, d, devicesOf))];
        List<InFlightDelivery> wasHeld = [.. matching.Where(d => d.Held || (!d.Released && _holdRules.Any(rule => Matches(rule, d, devicesOf))))];
        _holdRules.RemoveAll(rule => selector.IsAll || SameSelector(rule, selector));
        foreach (InFlightDelivery d in matching)
        {
            d.Held = false;
            d.Released = true;
        }

        return wasHeld;
    }

    /// <summary>Whether any hold is in force (rules or flags).</summary>
    public bool AnyHeld => _holdRules.Count > 0 || _inFlight.Any(d => d.Held);

    /// <summary>Ends every hold, delay and partition (the heal phase at the end of a run); withheld messages stay withheld.</summary>
    public void Heal()
    {
        _holdRules.Clear();
        Blocks = null;
        foreach (InFlightDelivery d in _inFlight)
        {
            d.Held = false;
            d.DelayedUntilStep = 0;
        }
    }

    /// <summary>Takes a delivery out of flight (it was made or dropped).</summary>
    public void Remove(InFlightDelivery delivery) => _inFlight.Remove(delivery);

    private static bool SameSelector(MessageSelector a, MessageSelector b) =>
        a.To == b.To && a.From == b.From && a.Kind == b.Kind && a.Messages.SequenceEqual(b.Messages, StringComparer.Ordinal);
}
