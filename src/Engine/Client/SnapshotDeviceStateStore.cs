using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Engine.Client;

/// <summary>Encodes the state (<see cref="DeviceStateCodec"/>) into a byte snapshot store, e.g. a SQLite file.</summary>
public sealed class SnapshotDeviceStateStore(IDeviceStore snapshots) : IDeviceStateStore
{
    /// <summary>The byte snapshot store the encoded state goes to.</summary>
    public IDeviceStore Snapshots { get; } = snapshots ?? throw new ArgumentNullException(nameof(snapshots));

    /// <inheritdoc/>
    public DeviceState? Load() => Snapshots.Load() is { } bytes ? DeviceStateCodec.Decode(bytes) : null;

    /// <inheritdoc/>
    public void Save(DeviceState state) => Snapshots.Save(DeviceStateCodec.Encode(state));
}
