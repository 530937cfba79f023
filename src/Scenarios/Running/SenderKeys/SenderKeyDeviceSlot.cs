using E2eeConformance.SenderKeys.Device;
using E2eeConformance.SenderKeys.Ports;
using E2eeConformance.SenderKeys.Relay;

namespace E2eeConformance.Scenarios.Running.SenderKeys;

/// <summary>
/// A simulated sender-key device: its committed state and the stored form of it (what a restart reads back), its
/// randomness, whether it is online, and the requests waiting while it is not.
/// </summary>
internal sealed class SenderKeyDeviceSlot(SenderKeyDeviceState state, LabelledStream random) : Relayed.IRelayedSlot
{
    public string Name => State.Name;

    public string User => State.User;

    public SenderKeyDeviceState State { get; private set; } = state;

    /// <summary>
    /// The stored form of the committed state (<see cref="DeviceStateCodec"/>), made when it is read (a restart, a
    /// compromise): it is a function of <see cref="State"/>, so no step pays for encoding it.
    /// </summary>
    public byte[] Stored => DeviceStateCodec.Encode(State);

    public LabelledStream Random { get; } = random;

    public bool Online { get; set; } = true;

    /// <summary>Requests made while offline, in order; they leave when the device comes back.</summary>
    public List<RelayRequest> Outbox { get; } = [];

    /// <summary>Commits a step's state.</summary>
    public void Commit(SenderKeyDeviceState next) => State = next;

    /// <summary>A restart: the state as the store gives it back.</summary>
    public void Restart() => State = DeviceStateCodec.Decode(Stored);
}
