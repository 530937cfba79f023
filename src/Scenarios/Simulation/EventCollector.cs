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
    private readonly StoredEventDeduplicator _dedup = new();

    /// <summary>How many events were dropped as already seen (raised again after a restart).</summary>
    public int Duplicates => _dedup.Duplicates;

    /// <inheritdoc/>
    public void Raise(StoredEvent e)
    {
        if (_dedup.IsNew(e))
        {
            _events.Add(e.Event);
        }
    }

    /// <summary>The events collected since the last drain, in order; the collector is empty afterwards.</summary>
    public IReadOnlyList<DeviceEvent> Drain()
    {
        DeviceEvent[] drained = [.. _events];
        _events.Clear();
        return drained;
    }
}
