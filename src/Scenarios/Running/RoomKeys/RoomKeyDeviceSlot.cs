using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Wire;

namespace E2eeConformance.Scenarios.Running.RoomKeys;

/// <summary>
/// A simulated room-key device (<c>user/1</c>; one per user, RK-6): its committed state and the stored form of it
/// (what a restart reads back), its randomness, whether it is online, and the requests waiting while it is not.
/// </summary>
internal sealed class RoomKeyDeviceSlot(string name, RoomDeviceState state, RoomKeyRandom random) : Relayed.IRelayedSlot
{
    public string Name { get; } = name;

    public string User => State.User;

    public RoomDeviceState State { get; private set; } = state;

    /// <summary>The stored form of the committed state (<see cref="DeviceStateCodec"/>), made when it is read (a restart, a compromise).</summary>
    public byte[] Stored => DeviceStateCodec.Encode(State);

    public RoomKeyRandom Random { get; } = random;

    public bool Online { get; set; } = true;

    /// <summary>Requests made while offline, in order, each with the name of the text it carries (if any); they leave when the device comes back.</summary>
    public List<(ServerRequest Request, string? Label)> Outbox { get; } = [];

    /// <summary>Commits a step's state.</summary>
    public void Commit(RoomDeviceState next) => State = next;

    /// <summary>A restart: the state as the store gives it back.</summary>
    public void Restart() => State = DeviceStateCodec.Decode(Stored);
}
