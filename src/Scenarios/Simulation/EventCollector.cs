using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Scenarios.Simulation;

/// <summary>Collects the events devices raise; the runner drains them after each device call.</summary>
public sealed class EventCollector : IDeviceEvents<DeviceEvent>
{
    private readonly List<DeviceEvent> _events = [];

    /// <inheritdoc/>
    public void Raise(DeviceEvent e) => _events.Add(e);

    /// <summary>The events collected since the last drain, in order; the collector is empty afterwards.</summary>
    public IReadOnlyList<DeviceEvent> Drain()
    {
        DeviceEvent[] drained = [.. _events];
        _events.Clear();
        return drained;
    }
}
