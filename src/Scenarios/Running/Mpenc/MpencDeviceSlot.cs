using E2eeConformance.Mpenc.Channel;
using E2eeConformance.Mpenc.Device;

namespace E2eeConformance.Scenarios.Running.Mpenc;

/// <summary>A simulated mpENC member (<c>user/1</c>; one per user): its committed state, randomness, whether it is online, and the requests waiting while it is not.</summary>
internal sealed class MpencDeviceSlot(string name, MpencDeviceState state, MpencRandom random) : Relayed.IRelayedSlot
{
    public string Name { get; } = name;

    public string User => State.User;

    public MpencDeviceState State { get; private set; } = state;

    public MpencRandom Random { get; } = random;

    public bool Online { get; set; } = true;

    /// <summary>Requests made while offline, in order, with the name of the text each carries (if any).</summary>
    public List<(ChannelRequest Request, string? Label)> Outbox { get; } = [];

    /// <summary>Commits a step's state.</summary>
    public void Commit(MpencDeviceState next) => State = next;
}
