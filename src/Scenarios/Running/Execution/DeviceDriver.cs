using System.Text.Json.Nodes;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Scenarios.Simulation;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// Every call a run makes into a device, in one place: registration and restart, the calls steps make, deliveries,
/// what a device's state shows, and an adversary's attempt with a copied state. A device is the engine's
/// <see cref="Device"/> in process, or, when <paramref name="implementationOf"/> makes it an implementation under
/// test, a <see cref="ShimDevice"/> (docs/ADAPTER.md) whose store lives in the directory <paramref name="storeDirectory"/>
/// names. What only the engine in process can show (a copy of the state) makes a run that needs it of a shim's device
/// unimplemented. The events devices raise are collected here and drained by the <see cref="EventRecorder"/>.
/// </summary>
internal sealed class DeviceDriver(ITransport transport, TimeProvider clock, string domain, Func<SimDevice, DeviceImplementation?> implementationOf, Func<string, string> storeDirectory) : IDisposable
{
    private readonly EventCollector _events = new();
    private readonly Dictionary<string, ShimDevice> _shims = new(StringComparer.Ordinal);

    private readonly List<DeviceEvent> _impostorEvents = [];

    /// <summary>The events raised since the last drain, in order (an impostor's first: they come from a step's own call).</summary>
    public IReadOnlyList<DeviceEvent> DrainEvents()
    {
        if (_impostorEvents.Count == 0)
        {
            return _events.Drain();
        }

        List<DeviceEvent> all = [.. _impostorEvents, .. _events.Drain()];
        _impostorEvents.Clear();
        return all;
    }

    /// <summary>Registers <paramref name="device"/> with the server; returns its address.</summary>
    public Wire.E2eeAddress Register(SimDevice device, CipherSuite suite, int initialOneTimePreKeys)
    {
        if (implementationOf(device) is { } implementation)
        {
            var shim = new ShimDevice(implementation, storeDirectory(device.Name), transport, _events, clock);
            _shims[device.Name] = shim;
            shim.Register(suite, domain, device.User, device.DeviceId, initialOneTimePreKeys);
            return shim.Address;
        }

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
        if (Shim(device) is { } shim)
        {
            shim.Restart();
            return;
        }

        device.Device = Device.Restore(transport, device.Store, device.Random, clock, _events);
        device.Live.Activate();
    }

    /// <summary>Runs the device's periodic check (pre-key rotation, refills) at the current time.</summary>
    public void Activate(SimDevice device) => On(device, s => s.Run("tick", null), d => d.Activate());

    /// <summary>
    /// Whether the device is the engine in process, which keeps its outbox while the server cannot be reached
    /// (<c>offline</c>) and whose key derivations <c>cost</c> counts; an implementation under test is a process the
    /// adapter protocol cannot take offline or count into.
    /// </summary>
    public bool IsEngine(SimDevice device) => Shim(device) is null;

    /// <summary>Whether every device of the run is the engine in process (see <see cref="IsEngine"/>).</summary>
    public bool AllEngine => _shims.Count == 0;

    /// <summary>The device's address at the server.</summary>
    public Wire.E2eeAddress AddressOf(SimDevice device) => Shim(device)?.Address ?? device.Live.Address;

    /// <summary>The device's whole state, serialized (what an adversary copies).</summary>
    public byte[] Snapshot(SimDevice device) =>
        Shim(device) is { } shim ? shim.ExportState() : DeviceStateCodec.Encode(device.Live.State);

    /// <summary>What the device's state holds, in counts.</summary>
    public DeviceSummary SummaryOf(SimDevice device)
    {
        if (Shim(device) is not { } shim)
        {
            return DeviceSummary.Of(device.Live.State);
        }

        JsonObject s = shim.Summary() ?? throw new ImplementationUnimplemented($"{shim.ImplementationName} does not report a summary, which this expectation reads");
        int Count(string field) => (int)Adapter.JsonFields.Long(s, field);
        return shim.Read("the summary's counters", () => new DeviceSummary(
            Count("sessions"),
            Strings(s["peers"]).Count,
            Count("skipped_keys"),
            Count("one_time_pre_keys"),
            (uint)Adapter.JsonFields.Long(s, "signed_pre_key_id"),
            (s["groups"] as JsonArray)?.OfType<JsonObject>().Count(g => g["member"]?.GetValue<bool>() == true) ?? 0,
            Count("waiting_texts")));
    }

    /// <summary>How many members the device's keys for <paramref name="group"/> name, or null without keys.</summary>
    public int? GroupMembersOf(SimDevice device, SimGroup group)
    {
        if (Shim(device) is not { } shim)
        {
            return DeviceSummary.GroupMembers(device.Live.State, group.Address);
        }

        JsonObject summary = shim.Summary() ?? throw new ImplementationUnimplemented($"{shim.ImplementationName} does not report a summary (group members)");
        return shim.Read("the summary's groups", () => GroupEntry(summary, group) is { } entry && entry["member"]?.GetValue<bool>() == true ? (entry["members"] as JsonArray)?.Count : null);
    }

    /// <summary>Sends a text to every device of <paramref name="user"/> (and the sender's other devices).</summary>
    public void SendText(SimDevice from, string user, byte[] text) =>
        On(from, s => s.Run("send_text", new JsonObject { ["to_domain"] = domain, ["to_user"] = user, ["text"] = Convert.ToBase64String(text) }), d => d.SendText(domain, user, text));

    /// <summary>The peers the device has sessions with (formatted addresses); null when an implementation does not report them.</summary>
    public IEnumerable<string>? PeersOf(SimDevice device) =>
        Shim(device) is { } shim
            ? shim.Summary() is { } summary ? shim.Read("the summary's peers", () => Strings(summary["peers"])) : null
            : device.Live.State.Peers.Values.Select(p => Engine.Protocol.Addresses.Format(p.Peer));

    /// <summary>Sends a text to a group.</summary>
    public void SendGroupText(SimDevice from, SimGroup group, byte[] text) =>
        On(from, s => s.Run("send_group_text", new JsonObject { ["group"] = B64(group.Address), ["text"] = Convert.ToBase64String(text) }), d => d.SendGroupText(group.Address, text));

    /// <summary>
    /// The member devices the device's current keys for <paramref name="group"/> name (formatted addresses; none without
    /// keys); null when an implementation does not report them.
    /// </summary>
    public IEnumerable<string>? GroupViewOf(SimDevice device, SimGroup group)
    {
        if (Shim(device) is not { } shim)
        {
            return device.Live.State.GroupOf(group.Address).Keys?.Current.Members.Select(m => Engine.Protocol.Addresses.Format(m.Address)) ?? [];
        }

        JsonObject? summary = shim.Summary();
        return summary is null ? null : shim.Read("the summary's groups", () => GroupEntry(summary, group) is { } entry ? Strings(entry["members"]) : []);
    }

    /// <summary>
    /// Creates a group of <paramref name="users"/> (and the creator) that <paramref name="managers"/> manage with the
    /// creator; returns its address. A shim is sent <c>managers</c> only when there are any (docs/ADAPTER.md).
    /// </summary>
    public Wire.E2eeAddress CreateGroup(SimDevice by, string name, IEnumerable<string> users, IReadOnlyCollection<string> managers)
    {
        if (Shim(by) is not { } shim)
        {
            return by.Live.CreateGroup(name, users.Select(u => (domain, u)), managers.Select(u => (domain, u)));
        }

        var command = new JsonObject { ["name"] = name, ["members"] = Members(users) };
        if (managers.Count > 0)
        {
            command["managers"] = Members(managers);
        }

        return ParseGroup(shim, shim.Run("create_group", command));
    }

    /// <summary>Adds users to a group.</summary>
    public void AddGroupMembers(SimDevice by, SimGroup group, IEnumerable<string> users) =>
        On(by, s => s.Run("add_members", new JsonObject { ["group"] = B64(group.Address), ["members"] = Members(users) }), d => d.AddGroupMembers(group.Address, users.Select(u => (domain, u))));

    /// <summary>Removes users from a group.</summary>
    public void RemoveGroupMembers(SimDevice by, SimGroup group, IEnumerable<string> users) =>
        On(by, s => s.Run("remove_members", new JsonObject { ["group"] = B64(group.Address), ["members"] = Members(users) }), d => d.RemoveGroupMembers(group.Address, users.Select(u => (domain, u))));

    /// <summary>The device's user leaves a group.</summary>
    public void LeaveGroup(SimDevice who, SimGroup group) =>
        On(who, s => s.Run("leave_group", new JsonObject { ["group"] = B64(group.Address) }), d => d.LeaveGroup(group.Address));

    /// <summary>Adds one device of a member to a group.</summary>
    public void AddGroupMemberDevice(SimDevice by, SimGroup group, SimDevice device) =>
        On(by, s => s.Run("add_member_device", new JsonObject { ["group"] = B64(group.Address), ["device"] = B64(AddressOf(device)) }), d => d.AddGroupMemberDevice(group.Address, AddressOf(device)));

    /// <summary>Hands a ProtoMsg to the device.</summary>
    public void Process(SimDevice device, Wire.ProtoMsg message) =>
        On(device, s => s.Run("deliver", new JsonObject { ["proto_msg"] = B64(message) }), d => d.Process(message));

    /// <summary>
    /// The adversary's copy of a device processes <paramref name="copy"/> (addressed to the copy here), isolated from
    /// the run: its own store, transport and events. The adversary keeps the state the attempt leaves. Returns the
    /// plaintext it decrypted, else the first protocol error code it reported (null when none).
    /// </summary>
    public (byte[]? Plaintext, string? Failure) Attempt(Adversary adversary, Wire.ProtoMsg copy, IRandomSource random)
    {
        var collector = new EventCollector();
        Device copyOfDevice = CopyOf(adversary, AdversaryTransport.Instance, random, collector);
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

    /// <summary>
    /// The adversary acts as the device it compromised: a device restored from its state copy (as the latest attempt
    /// left it), connected to the server with the device's credential, does <paramref name="act"/>; its events are
    /// the device's (they name its address) and the adversary keeps the state it leaves.
    /// </summary>
    public void Impersonate(Adversary adversary, IRandomSource random, Action<Device> act)
    {
        var collector = new EventCollector(); // its own: the copy numbers its events as the device does, and the device's own collector drops ids it has seen
        Device copyOfDevice = CopyOf(adversary, transport, random, collector);
        act(copyOfDevice);
        adversary.State = copyOfDevice.State;
        _impostorEvents.AddRange(collector.Drain());
    }

    /// <summary>The adversary's copy of the state as its latest attempt left it (else as copied).</summary>
    public static DeviceState StateOf(Adversary adversary) => adversary.State ?? DeviceStateCodec.Decode(adversary.Snapshot);

    /// <summary>A device restored from the adversary's copy of the state (as its latest attempt left it), on its own in-memory store.</summary>
    private Device CopyOf(Adversary adversary, ITransport via, IRandomSource random, EventCollector collector)
    {
        var store = new InMemoryDeviceStateStore();
        store.Save(StateOf(adversary));
        return Device.Restore(via, store, random, clock, collector);
    }

    /// <summary>Stops every shim process of the run.</summary>
    public void Dispose()
    {
        foreach (ShimDevice shim in _shims.Values)
        {
            shim.Dispose();
        }
    }

    private static Wire.E2eeAddress ParseGroup(ShimDevice shim, JsonObject result) =>
        shim.Read("the group in the answer to create_group", () => Wire.E2eeAddress.Parser.ParseFrom(Adapter.JsonFields.Bytes(result, "group")));

    private ShimDevice? Shim(SimDevice device) => _shims.GetValueOrDefault(device.Name);

    private void On(SimDevice device, Action<ShimDevice> shim, Action<Device> engine)
    {
        if (Shim(device) is { } s)
        {
            shim(s);
        }
        else
        {
            engine(device.Live);
        }
    }

    private JsonArray Members(IEnumerable<string> users) =>
        new([.. users.Select(u => (JsonNode?)new JsonObject { ["domain"] = domain, ["user"] = u })]);

    private static string B64(Google.Protobuf.IMessage message) => Convert.ToBase64String(Google.Protobuf.MessageExtensions.ToByteArray(message));

    private static JsonObject? GroupEntry(JsonObject summary, SimGroup group) =>
        (summary["groups"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(g => g["group"]?.GetValue<string>() == Engine.Protocol.Addresses.Format(group.Address));

    private static List<string> Strings(JsonNode? list) =>
        list is JsonArray array ? [.. array.Select(n => n?.GetValue<string>() ?? "")] : [];
}
