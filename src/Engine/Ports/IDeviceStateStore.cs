namespace E2eeConformance.Engine.Ports;

/// <summary>
/// Where a device keeps its state (seed 000 §Plugins: the database handler), typed: every save is one atomic replacement
/// of the whole state — the change a server-sent message caused, the mark that it was processed and the requests it
/// makes the device send, together. <see cref="Client.InMemoryDeviceStateStore"/> keeps the (immutable) state object;
/// <see cref="Client.SnapshotDeviceStateStore"/> encodes it into a byte snapshot store such as SQLite.
/// </summary>
public interface IDeviceStateStore
{
    /// <summary>The last saved state, or null when nothing was saved yet.</summary>
    Client.DeviceState? Load();

    /// <summary>Replaces the stored state with <paramref name="state"/> in one atomic step.</summary>
    void Save(Client.DeviceState state);
}
