using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Scenarios.Simulation;

/// <summary>A simulated device of a run: its scenario name, its engine device, its store and its own random stream.</summary>
public sealed class SimDevice(string name, string user, string deviceId, IDeviceStateStore<DeviceState> store, IRandomSource random)
{
    /// <summary>The device's scenario name (<c>alice/1</c>).</summary>
    public string Name { get; } = name;

    /// <summary>The scenario name of the device's user.</summary>
    public string User { get; } = user;

    /// <summary>
    /// The device id within its user (<c>1</c>, <c>2</c>, … or the name an <c>add_device</c> step gave).
    /// </summary>
    public string DeviceId { get; } = deviceId;

    /// <summary>Where the device keeps its state (re-opened by a restart).</summary>
    public IDeviceStateStore<DeviceState> Store { get; set; } = store;

    /// <summary>The device's own random stream, derived from the run's seed, the suite and the device's name.</summary>
    public IRandomSource Random { get; } = random;

    /// <summary>The engine device once registered (and after each restart); null before.</summary>
    public Device? Device { get; set; }

    /// <summary>The registered engine device.</summary>
    /// <exception cref="InvalidOperationException">The device is not registered yet.</exception>
    public Device Live => Device ?? throw new InvalidOperationException($"{Name} is not registered yet");
}
