using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Scenarios.Simulation;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// Every call a run makes into the engine's <see cref="Device"/> API, in one place: registration and restart, the
/// calls steps make, deliveries, what a device's state shows, and an adversary's attempt with a copied state. The
/// events devices raise are collected here and drained by the <see cref="EventRecorder"/>.
/// </summary>
internal sealed class DeviceDriver(ITransport transport, TimeProvider clock, string domain)
{
    private readonly EventCollector _events = new();

    /// <summary>The events raised since the last drain, in order.</summary>
    public IReadOnlyList<DeviceEvent> DrainEvents() => _events.Drain();

    /// <summary>Registers <paramref name="device"/> with the server; returns its address.</summary>
    public Wire.E2eeAddress Register(SimDevice device, CipherSuite suite, int initialOneTimePreKeys)
    {
        var options = new DeviceOptions(suite, domain, device.User, device.DeviceId)
        {
            InitialOneTimePreKeys = initialOneTimePreKeys,
        };
        device.Device = Device.Register(options, transport, device.Store, device.Random, clock, _events);
        return device.Live.Address;
    }

    /// <summary>Starts the device again from its store, then runs its start-up check.</summary>
    public void Restart(SimDevice device)
    {
        device.Device = Device.Restore(transport, device.Store, device.Random, clock, _events);
        device.Live.Activate();
    }

    /// <summary>Runs the device's periodic check (pre-key rotation, refills) at the current time.</summary>
    public static void Activate(SimDevice device) => device.Live.Activate();

    /// <summary>The device's address at the server.</summary>
    public static Wire.E2eeAddress AddressOf(SimDevice device) => device.Live.Address;

    /// <summary>The device's whole state, serialized (what an adversary copies).</summary>
    public static byte[] Snapshot(SimDevice device) => DeviceStateCodec.Encode(device.Live.State);

    /// <summary>What the device's state holds, in counts.</summary>
    public static DeviceSummary SummaryOf(SimDevice device) => DeviceSummary.Of(device.Live.State);

    /// <summary>How many members the device's keys for <paramref name="group"/> name, or null without keys.</summary>
    public static int? GroupMembersOf(SimDevice device, SimGroup group) => DeviceSummary.GroupMembers(device.Live.State, group.Address);

    /// <summary>Sends a text to every device of <paramref name="user"/> (and the sender's other devices).</summary>
    public void SendText(SimDevice from, string user, byte[] text) => from.Live.SendText(domain, user, text);

    /// <summary>The peers the device has sessions with.</summary>
    public static IEnumerable<Wire.E2eeAddress> PeersOf(SimDevice device) => device.Live.State.Peers.Values.Select(p => p.Peer);

    /// <summary>Sends a text to a group.</summary>
    public static void SendGroupText(SimDevice from, SimGroup group, byte[] text) => from.Live.SendGroupText(group.Address, text);

    /// <summary>The member devices the device's current keys for <paramref name="group"/> name (none without keys).</summary>
    public static IEnumerable<Wire.E2eeAddress> GroupViewOf(SimDevice device, SimGroup group) =>
        device.Live.State.GroupOf(group.Address).Keys?.Current.Members.Select(m => m.Address) ?? [];

    /// <summary>Creates a group of <paramref name="users"/> (and the creator); returns its address.</summary>
    public Wire.E2eeAddress CreateGroup(SimDevice by, string name, IEnumerable<string> users) =>
        by.Live.CreateGroup(name, users.Select(u => (domain, u)));

    /// <summary>Adds users to a group.</summary>
    public void AddGroupMembers(SimDevice by, SimGroup group, IEnumerable<string> users) =>
        by.Live.AddGroupMembers(group.Address, users.Select(u => (domain, u)));

    /// <summary>Removes users from a group.</summary>
    public void RemoveGroupMembers(SimDevice by, SimGroup group, IEnumerable<string> users) =>
        by.Live.RemoveGroupMembers(group.Address, users.Select(u => (domain, u)));

    /// <summary>The device's user leaves a group.</summary>
    public static void LeaveGroup(SimDevice who, SimGroup group) => who.Live.LeaveGroup(group.Address);

    /// <summary>Adds one device of a member to a group.</summary>
    public static void AddGroupMemberDevice(SimDevice by, SimGroup group, SimDevice device) =>
        by.Live.AddGroupMemberDevice(group.Address, device.Live.Address);

    /// <summary>Hands a ProtoMsg to the device.</summary>
    public static void Process(SimDevice device, Wire.ProtoMsg message) => device.Live.Process(message);

    /// <summary>
    /// The adversary's copy of a device processes <paramref name="copy"/> (addressed to the copy here), isolated from
    /// the run: its own store, transport and events. The adversary keeps the state the attempt leaves. Returns the
    /// plaintext it decrypted, else the first protocol error code it reported (null when none).
    /// </summary>
    public (byte[]? Plaintext, string? Failure) Attempt(Adversary adversary, Wire.ProtoMsg copy, IRandomSource random)
    {
        var collector = new EventCollector();
        var store = new InMemoryDeviceStateStore();
        store.Save(adversary.State ?? DeviceStateCodec.Decode(adversary.Snapshot));
        Device copyOfDevice = Device.Restore(AdversaryTransport.Instance, store, random, clock, collector);
        copy.To = copyOfDevice.Address.Clone();
        copyOfDevice.Process(copy);
        adversary.State = copyOfDevice.State;
        List<DeviceEvent> events = [.. collector.Drain()];
        byte[]? plain = events.Select(ev => ev switch
        {
            OneToOneMessageReceived r => r.Text,
            GroupMessageReceived r => r.Text,
            _ => null,
        }).FirstOrDefault(t => t is not null);
        string? failure = events.OfType<ProtocolFailure>().FirstOrDefault() is { } f ? Engine.Errors.ProtocolErrorCodes.Name(f.Code) : null;
        return (plain, failure);
    }
}
