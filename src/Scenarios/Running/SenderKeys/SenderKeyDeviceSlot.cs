using E2eeConformance.SenderKeys.Device;
using E2eeConformance.SenderKeys.Ports;
using E2eeConformance.SenderKeys.Relay;

namespace E2eeConformance.Scenarios.Running.SenderKeys;

/// <summary>
/// A simulated sender-key device: its committed state and the stored form of it (what a restart reads back), its
/// randomness, whether it is online, and the requests waiting while it is not.
/// </summary>
internal sealed class SenderKeyDeviceSlot(SenderKeyDeviceState state, LabelledStream random)
{
    public string Name => State.Name;

    public string User => State.User;

    public SenderKeyDeviceState State { get; private set; } = state;

    /// <summary>The stored form of <see cref="State"/> (<see cref="DeviceStateCodec"/>), written at every commit.</summary>
    public byte[] Stored { get; private set; } = DeviceStateCodec.Encode(state);

    public LabelledStream Random { get; } = random;

    public bool Online { get; set; } = true;

    /// <summary>Requests made while offline, in order; they leave when the device comes back.</summary>
    public List<RelayRequest> Outbox { get; } = [];

    /// <summary>Commits a step's state: in memory and in the store.</summary>
    public void Commit(SenderKeyDeviceState next)
    {
        State = next;
        Stored = DeviceStateCodec.Encode(next);
    }

    /// <summary>A restart: the state as the store gives it back.</summary>
    public void Restart() => State = DeviceStateCodec.Decode(Stored);
}
