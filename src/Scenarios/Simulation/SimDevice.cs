using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Scenarios.Simulation;

/// <summary>A simulated device of a run: its scenario name, its engine device, its store and its own random stream.</summary>
public sealed class SimDevice(string name, string user, string deviceId, IDeviceStateStore store, IRandomSource random)
{
    public string Name { get; } = name;

    public string User { get; } = user;

    public string DeviceId { get; } = deviceId;

    public IDeviceStateStore Store { get; set; } = store;

    public IRandomSource Random { get; } = random;

    public Device? Device { get; set; }

    public Device Live => Device ?? throw new InvalidOperationException($"{Name} is not registered yet");
}
