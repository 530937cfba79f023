namespace E2eeConformance.Engine.Ports;

/// <summary>
/// Where a device keeps its state (seed 000 §Plugins: the database handler), typed: every save is one atomic replacement
/// of the whole state — the change a server-sent message caused, the mark that it was processed and the requests it
/// makes the device send, together. The device core fixes <typeparamref name="TState"/> (its immutable state record);
/// the port names nothing above it.
/// </summary>
/// <typeparam name="TState">The device's state type.</typeparam>
public interface IDeviceStateStore<TState>
    where TState : class
{
    /// <summary>The last saved state, or null when nothing was saved yet.</summary>
    TState? Load();

    /// <summary>Replaces the stored state with <paramref name="state"/> in one atomic step.</summary>
    void Save(TState state);
}
