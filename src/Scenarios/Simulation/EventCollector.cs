using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Scenarios.Simulation;

/// <summary>
/// Collects the events devices raise; the runner drains them after each device call. Events come at least once (a
/// restarted device raises again what it had not recorded as taken): the collector keeps each device's highest event
/// id and drops what it has seen, so every event is recorded exactly once.
/// </summary>
public sealed class EventCollector : IDeviceEvents<StoredEvent>
{
    private readonly List<DeviceEvent> _events = [];
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);

    /// <summary>How many events were dropped as already seen (raised again after a restart).</summary>
    public int Duplicates { get; private set; }

    /// <inheritdoc/>
    public void Raise(StoredEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (_seen.TryGetValue(e.Event.Device, out long last) && e.Id <= last)
        {
            Duplicates++;
            return;
        }

        _seen[e.Event.Device] = e.Id;
        _events.Add(e.Event);
    }

    /// <summary>The events collected since the last drain, in order; the collector is empty afterwards.</summary>
    public IReadOnlyList<DeviceEvent> Drain()
    {
        DeviceEvent[] drained = [.. _events];
        _events.Clear();
        return drained;
    }
}
