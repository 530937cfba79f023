namespace E2eeConformance.Engine.Ports;

/// <summary>
/// The event plugin handler (seed 000 §Plugins): what a device tells its application. The device core fixes
/// <typeparamref name="TEvent"/> (its event records); the port names nothing above it.
/// </summary>
/// <typeparam name="TEvent">The device's event type.</typeparam>
public interface IDeviceEvents<in TEvent>
{
    /// <summary>
    /// Tells the application about <paramref name="e"/> (a committed change: message received, session established, …).
    /// Delivery is at least once: after a restart, an event the device had not recorded as taken is raised again with
    /// the same id, so the application deduplicates by it. Returning is taking the event.
    /// </summary>
    void Raise(TEvent e);
}
