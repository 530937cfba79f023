using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Engine.Client;

/// <summary>Keeps a device's state in memory. States are immutable values, so keeping the reference is a snapshot.</summary>
public sealed class InMemoryDeviceStateStore : IDeviceStateStore<DeviceState>
{
    private volatile DeviceState? _state;

    /// <summary>How many times <see cref="Save"/> was called.</summary>
    public long SavedCount { get; private set; }

    /// <inheritdoc/>
    public DeviceState? Load() => _state;

    /// <inheritdoc/>
    public void Save(DeviceState state)
    {
        _state = state ?? throw new ArgumentNullException(nameof(state));
        SavedCount++;
    }
}
