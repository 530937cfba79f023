using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Engine.Client;

/// <summary>Encodes the state (<see cref="DeviceStateCodec"/>) into a byte snapshot store, e.g. a SQLite file.</summary>
public sealed class SnapshotDeviceStateStore(IDeviceStore snapshots) : IDeviceStateStore
{
    public IDeviceStore Snapshots { get; } = snapshots ?? throw new ArgumentNullException(nameof(snapshots));

    public DeviceState? Load() => Snapshots.Load() is { } bytes ? DeviceStateCodec.Decode(bytes) : null;

    public void Save(DeviceState state) => Snapshots.Save(DeviceStateCodec.Encode(state));
}
