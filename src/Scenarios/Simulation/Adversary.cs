using E2eeConformance.Engine.Client;

namespace E2eeConformance.Scenarios.Simulation;

/// <summary>
/// An adversary that copied a device's stored state (a <c>compromise</c> step): the encoded snapshot, and once used,
/// the state its attempts left (a device restored from it reaches no server). An observing adversary also sees every
/// delivery to the device after the compromise, and feeds them to its copy in server order.
/// </summary>
public sealed class Adversary(string name, string device, byte[] snapshot, int step)
{
    private readonly Dictionary<string, string> _outcomes = new(StringComparer.Ordinal);

    /// <summary>The adversary's name in the scenario (the <c>as</c> of the compromise step).</summary>
    public string Name { get; } = name;

    /// <summary>The compromised device's scenario name.</summary>
    public string Device { get; } = device;

    /// <summary>The device's encoded state as copied (<see cref="Engine.Client.DeviceStateCodec"/>).</summary>
    public byte[] Snapshot { get; } = snapshot;

    /// <summary>The step number at which the state was copied.</summary>
    public int Step { get; } = step;

    /// <summary>The state after the adversary's latest attempt (it keeps what an attempt taught it); null before the first.</summary>
    public DeviceState? State { get; set; }

    /// <summary>Whether the adversary observes the device's traffic after the compromise (<c>observes: true</c>).</summary>
    public bool Observes { get; init; }

    /// <summary>The server order of the last delivery queued before the compromise: the observer sees the later ones.</summary>
    public long SequenceAtCompromise { get; init; }

    /// <summary>The deliveries to the device still in flight at the compromise (the state copy has not seen them; the observer will).</summary>
    public IReadOnlySet<long> InFlightAtCompromise { get; init; } = new HashSet<long>();

    /// <summary>The ProtoMsg ids the copy has been fed (a redelivery of one is not fed again).</summary>
    public ISet<string> Fed { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Whether the observer sees <paramref name="delivery"/>: to the device, and queued after the compromise or in flight then.</summary>
    public bool Sees(InFlightDelivery delivery) =>
        delivery.To == Device && (delivery.Sequence > SequenceAtCompromise || InFlightAtCompromise.Contains(delivery.Sequence));

    /// <summary>What feeding a delivery of a named message gave (plaintext or failure), by the message's name.</summary>
    public IDictionary<string, string> Outcomes => _outcomes;
}
