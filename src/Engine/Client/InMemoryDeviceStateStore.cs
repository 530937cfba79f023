using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Engine.Client;

/// <summary>Keeps a device's state in memory. States are immutable values, so keeping the reference is a snapshot.</summary>
public sealed class InMemoryDeviceStateStore : IDeviceStateStore
{
    private volatile DeviceState? _state;

    public long SavedCount { get; private set; }

    public DeviceState? Load() => _state;

    public void Save(DeviceState state)
    {
        _state = state ?? throw new ArgumentNullException(nameof(state));
        SavedCount++;
    }
}
