namespace E2eeConformance.Engine.Ports;

/// <summary>The event plugin handler (seed 000 §Plugins): what a device tells its application.</summary>
public interface IDeviceEvents
{
    /// <summary>
    /// Tells the application about <paramref name="e"/> (a committed change: message received, session established, …).
    /// </summary>
    void Raise(Client.DeviceEvent e);
}
