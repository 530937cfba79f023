namespace E2eeConformance.Engine.Ports;

/// <summary>The event plugin handler (seed 000 §Plugins): what a device tells its application.</summary>
public interface IDeviceEvents
{
    void Raise(Client.DeviceEvent e);
}
