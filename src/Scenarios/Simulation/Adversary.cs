using E2eeConformance.Engine.Client;

namespace E2eeConformance.Scenarios.Simulation;

/// <summary>
/// An adversary that copied a device's stored state (a <c>compromise</c> step): the encoded snapshot, and once used, a
/// the state its attempts left (a device restored from it reaches no server).
/// </summary>
public sealed class Adversary(string name, string device, byte[] snapshot, int step)
{
    /// <summary>The adversary's name in the scenario (the <c>as</c> of the compromise step).</summary>
    public string Name { get; } = name;

    /// <summary>The compromised device's scenario name.</summary>
    public string Device { get; } = device;

    /// <summary>The device's encoded state as copied (<see cref="Engine.Client.DeviceStateCodec"/>).</summary>
    public byte[] Snapshot { get; } = snapshot;

    /// <summary>The step number at which the state was copied.</summary>
    public int Step { get; } = step;

    /// <summary>The state after the adversary's latest attempt (it keeps what an attempt taught it); null before the first.</summary>
    public DeviceState? State { get; set; }
}
