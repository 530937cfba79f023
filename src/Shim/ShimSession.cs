using System.Text.Json.Nodes;
using E2eeConformance.Adapter;
using E2eeConformance.DeviceStore.Sqlite;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Wire;
using Google.Protobuf;

namespace E2eeConformance.Shim;

/// <summary>
/// One device behind the adapter protocol (docs/ADAPTER.md, "Commands"): runs each command on the engine's
/// <see cref="Device"/>, on a SQLite store in the directory the harness names, with the command's time as the clock.
/// A device it registers reproduces <paramref name="deviations"/> (none unless the shim was started with
/// <c>--deviate</c>); a resumed device keeps those it was registered with (they are in its saved state).
/// </summary>
internal sealed class ShimSession(LineChannel channel, string storeDirectory, ProtocolDeviations deviations = ProtocolDeviations.None) : IDisposable
{
    /// <summary>The latest time a command may carry: the end of year 9999, the last a <see cref="DateTimeOffset"/> holds.</summary>
    private const long LatestTimeMs = 253_402_300_799_999;

    private readonly CommandClock _clock = new();
    private readonly OsRandom _random = new();
    private SqliteDeviceStateStore? _store;
    private Device? _device;

    /// <summary>The suites this shim offers: every suite the engine has.</summary>
    public static IEnumerable<string> Suites => CipherSuite.Named.Select(s => s.Name);

    /// <summary>What it can do beyond registering and one-to-one texts.</summary>
    public static IEnumerable<string> Capabilities => ["one_to_one", "groups", "resume", "update_name", "summary", "export_state"];

    /// <summary>Runs one command; returns its answer (a result, unimplemented or an error).</summary>
    public JsonObject Run(JsonObject command)
    {
        long id = JsonFields.Long(command, "id");
        long time = JsonFields.Long(command, "time_ms");
        string name = JsonFields.String(command, "command");
        if (time is < 0 or > LatestTimeMs)
        {
            return Error(id, "bad_argument", $"time_ms {time} is not a time between 1970 and 9999");
        }

        _clock.NowMs = time;
        try
        {
            JsonObject answer = Dispatch(name, command) ?? new JsonObject { ["type"] = "unimplemented", ["reason"] = $"no command '{name}'" };
            answer["type"] ??= "result";
            answer["id"] = id;
            return answer;
        }
        catch (DeviceRequestException e)
        {
            JsonObject refused = Error(id, "request_refused", e.Message);
            refused["request"] = e.Request;
            refused["code"] = (int)e.Code;
            return refused;
        }
        catch (DeviceCommandException e)
        {
            return Error(id, e.Code, e.Message);
        }
        catch (ProtocolException e)
        {
            return Error(id, e.Code.Name(), e.Detail);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidDataException or ArgumentException)
        {
            return Error(id, "bad_argument", e.Message);
        }
        catch (InvalidOperationException e)
        {
            return Error(id, "bad_state", e.Message); // e.g. resume with no device in the store
        }
    }

    public void Dispose() => _store?.Dispose();

    private JsonObject? Dispatch(string name, JsonObject c) => name switch
    {
        "register" => Register(c),
        "resume" => Resume(),
        "deliver" => Done(() => Device.Process(ProtoMsg.Parser.ParseFrom(JsonFields.Bytes(c, "proto_msg")))),
        "tick" => Done(Device.Activate),
        "send_text" => Done(() => Device.SendText(JsonFields.String(c, "to_domain"), JsonFields.String(c, "to_user"), JsonFields.Bytes(c, "text"))),
        "send_group_text" => Done(() => Device.SendGroupText(Address(c, "group"), JsonFields.Bytes(c, "text"))),
        "create_group" => new JsonObject { ["group"] = Convert.ToBase64String(Device.CreateGroup(JsonFields.String(c, "name"), Members(c), c["managers"] is null ? null : Members(c, "managers")).ToByteArray()) },
        "add_members" => Done(() => Device.AddGroupMembers(Address(c, "group"), Members(c))),
        "remove_members" => Done(() => Device.RemoveGroupMembers(Address(c, "group"), Members(c))),
        "leave_group" => Done(() => Device.LeaveGroup(Address(c, "group"))),
        "add_member_device" => Done(() => Device.AddGroupMemberDevice(Address(c, "group"), Address(c, "device"))),
        "update_name" => Done(() => Device.UpdateUserName(JsonFields.String(c, "name"))),
        "summary" => new JsonObject { ["summary"] = Summary(Device.State) },
        "export_state" => new JsonObject { ["state"] = Convert.ToBase64String(DeviceStateCodec.Encode(Device.State)) },
        "shutdown" => [],
        _ => null,
    };

    private Device Device => _device ?? throw new DeviceCommandException("no_device", "register or resume first");

    private JsonObject Register(JsonObject c)
    {
        if (_device is not null)
        {
            throw new DeviceCommandException("already_registered", "this shim already holds a device");
        }

        string suiteName = JsonFields.String(c, "suite");
        if (!CipherSuite.TryParse(suiteName, out CipherSuite? suite))
        {
            return new JsonObject { ["type"] = "unimplemented", ["reason"] = $"no suite '{suiteName}'" };
        }

        var options = new DeviceOptions(suite, JsonFields.String(c, "domain"), JsonFields.String(c, "user"), JsonFields.String(c, "device")) { Deviations = deviations };
        if (c["one_time_pre_keys"] is not null)
        {
            options = options with { InitialOneTimePreKeys = (int)JsonFields.Long(c, "one_time_pre_keys") };
        }

        _device = Device.Register(options, Transport(), OpenStore(), _random, _clock, new EventLines(channel));
        return new JsonObject { ["address"] = Convert.ToBase64String(_device.Address.ToByteArray()) };
    }

    private JsonObject Resume()
    {
        if (_device is not null)
        {
            throw new DeviceCommandException("already_running", "this shim already holds a device");
        }

        _device = Device.Restore(Transport(), OpenStore(), _random, _clock, new EventLines(channel));
        return new JsonObject { ["address"] = Convert.ToBase64String(_device.Address.ToByteArray()) };
    }

    private SqliteDeviceStateStore OpenStore() =>
        _store ??= new SqliteDeviceStateStore(Path.Combine(storeDirectory, "device.sqlite"), SqliteDurability.ProcessCrash);

    private ExchangeTransport Transport() => new(channel.Exchange);

    /// <summary>
    /// The device's counters (<see cref="DeviceSummary"/>), the devices it has sessions with, and each group it knows:
    /// whether it is a member holding keys, and the member devices its keys name (docs/ADAPTER.md, <c>summary</c>).
    /// </summary>
    private static JsonObject Summary(DeviceState state)
    {
        DeviceSummary counts = DeviceSummary.Of(state);
        return new JsonObject
        {
            ["address"] = Engine.Protocol.Addresses.Format(state.Address),
            ["sessions"] = counts.Sessions,
            ["skipped_keys"] = counts.SkippedKeys,
            ["one_time_pre_keys"] = counts.OneTimePreKeys,
            ["signed_pre_key_id"] = counts.SignedPreKeyId,
            ["waiting_texts"] = counts.Waiting,
            ["peers"] = new JsonArray([.. state.Peers.Values.Select(p => (JsonNode?)Engine.Protocol.Addresses.Format(p.Peer))]),
            ["groups"] = new JsonArray([.. state.Groups.Values.Select(g => (JsonNode?)new JsonObject
            {
                ["group"] = Engine.Protocol.Addresses.Format(g.GroupAddress),
                ["member"] = g.IsMember && g.Keys is not null,
                ["members"] = new JsonArray([.. (g.Keys?.Current.Members.Select(m => Engine.Protocol.Addresses.Format(m.Address)) ?? []).Select(a => (JsonNode?)a)]),
            })]),
        };
    }

    private static JsonObject Done(Action action)
    {
        action();
        return [];
    }

    private static E2eeAddress Address(JsonObject c, string field) => E2eeAddress.Parser.ParseFrom(JsonFields.Bytes(c, field));

    private static List<(string Domain, string UserId)> Members(JsonObject c, string field = "members") =>
        c[field] is JsonArray list
            ? list.Select(m => m is JsonObject o ? (JsonFields.String(o, "domain"), JsonFields.String(o, "user")) : throw new InvalidDataException($"a '{field}' entry that is not an object")).ToList()
            : throw new InvalidDataException($"'{field}' is missing or not a list");

    private static JsonObject Error(long id, string error, string detail) =>
        new() { ["type"] = "error", ["id"] = id, ["error"] = error, ["detail"] = detail };
}
