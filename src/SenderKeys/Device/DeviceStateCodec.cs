using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using E2eeConformance.SenderKeys.Crypto;
using E2eeConformance.SenderKeys.Errors;
using E2eeConformance.SenderKeys.Groups;
using E2eeConformance.SenderKeys.Pairwise;
using E2eeConformance.SenderKeys.Relay;

namespace E2eeConformance.SenderKeys.Device;

/// <summary>
/// The device's stored form, so it can restart (decision SK-19): UTF-8 JSON of the whole state, bytes as hex, behind a
/// 32-byte SHA-256 of the JSON. A state that is cut, altered or of another format is refused as <c>store_corrupt</c>,
/// never half read. It holds the identity's private scalar and every chain key: it belongs to the device's own store.
/// </summary>
public static class DeviceStateCodec
{
    private const string Format = "e2ee-conformance/sender-keys/device-state/v1";

    /// <summary>The stored bytes of <paramref name="state"/>.</summary>
    public static byte[] Encode(SenderKeyDeviceState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var root = new JsonObject
        {
            ["format"] = Format,
            ["name"] = state.Name,
            ["scalar"] = Hex(state.Identity.ExportScalar()),
            ["key_id"] = state.KeyId,
            ["known"] = new JsonArray([.. state.Known.Values.Select(Key)]),
            ["sessions"] = new JsonArray([.. state.Sessions.Values.Select(Session)]),
            ["groups"] = new JsonArray([.. state.Groups.Values.Select(Group)]),
            ["waiting"] = new JsonArray([.. state.Waiting.Select(w => new JsonObject { ["user"] = w.User, ["text"] = Hex(w.Text), ["tag"] = w.Tag })]),
            ["pending_keys"] = new JsonArray([.. state.PendingKeys.Select(d => (JsonNode)Hex(d.Encode()))]),
            ["left"] = new JsonArray([.. state.Left.Select(k => new JsonObject { ["group"] = k.Key, ["version"] = k.Value.Version, ["key_id"] = k.Value.KeyId })]),
        };
        byte[] json = Encoding.UTF8.GetBytes(root.ToJsonString());
        return [.. SHA256.HashData(json), .. json];
    }

    /// <summary>Reads stored bytes back; <c>store_corrupt</c> for anything that is not a whole, unaltered state.</summary>
    public static SenderKeyDeviceState Decode(ReadOnlySpan<byte> stored)
    {
        if (stored.Length < 32 || !SHA256.HashData(stored[32..]).AsSpan().SequenceEqual(stored[..32]))
        {
            throw new SenderKeyException(SenderKeyErrorCode.StoreCorrupt, "the stored device state is cut or altered (its checksum does not match)");
        }

        try
        {
            JsonObject root = JsonNode.Parse(stored[32..])!.AsObject();
            if ((string?)root["format"] != Format)
            {
                throw new SenderKeyException(SenderKeyErrorCode.StoreCorrupt, $"the stored device state is not {Format}");
            }

            return new SenderKeyDeviceState(
                (string)root["name"]!,
                P256Identity.FromScalar(Bytes(root["scalar"])),
                (uint)root["key_id"]!,
                root["known"]!.AsArray().Select(ReadKey).ToImmutableSortedDictionary(k => k.Device, k => k, StringComparer.Ordinal),
                root["sessions"]!.AsArray().Select(ReadSession).ToImmutableSortedDictionary(s => s.Them, s => s, StringComparer.Ordinal),
                root["groups"]!.AsArray().Select(g => ReadGroup((string)root["name"]!, g)).ToImmutableSortedDictionary(g => g.Group, g => g, StringComparer.Ordinal),
                [.. root["waiting"]!.AsArray().Select(w => new SendText((string)w!["user"]!, Bytes(w["text"]), (string?)w["tag"] ?? ""))])
            {
                PendingKeys = [.. root["pending_keys"]!.AsArray().Select(d => SenderKeyDistribution.Decode(Bytes(d)))],
                Left = (root["left"]?.AsArray() ?? []).ToImmutableSortedDictionary(k => (string)k!["group"]!, k => new LeftGroup((ulong)k!["version"]!, (uint)k["key_id"]!), StringComparer.Ordinal),
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or NullReferenceException or ArgumentException or KeyNotFoundException or SenderKeyException { Code: not SenderKeyErrorCode.StoreCorrupt })
        {
            throw new SenderKeyException(SenderKeyErrorCode.StoreCorrupt, $"the stored device state does not read back: {e.Message}");
        }
    }

    private static JsonObject Key(DeviceKey k) => new() { ["device"] = k.Device, ["public"] = k.PublicKey.ToHex(), ["key_id"] = k.KeyId };

    private static DeviceKey ReadKey(JsonNode? k) => new((string)k!["device"]!, P256PublicKey.Parse(Bytes(k["public"])), (uint)k["key_id"]!);

    private static JsonObject Session(PairwiseSession s) => new()
    {
        ["us"] = s.Us,
        ["them"] = s.Them,
        ["our_key_id"] = s.OurKeyId,
        ["their_key_id"] = s.TheirKeyId,
        ["send_key"] = Hex(s.SendKey),
        ["receive_key"] = Hex(s.ReceiveKey),
        ["sent"] = s.Sent,
        ["newest"] = s.Received.Newest,
        ["seen"] = s.Received.Seen,
    };

    private static PairwiseSession ReadSession(JsonNode? s) => new(
        (string)s!["us"]!, (string)s["them"]!, (uint)s["our_key_id"]!, (uint)s["their_key_id"]!, Bytes(s["send_key"]), Bytes(s["receive_key"]),
        (ulong)s["sent"]!, new ReplayWindow((ulong)s["newest"]!, (ulong)s["seen"]!));

    private static JsonObject Group(GroupView g) => new()
    {
        ["group"] = g.Group,
        ["version"] = g.Version,
        ["members"] = new JsonArray([.. g.Members.Select(Key)]),
        ["own"] = new JsonObject { ["key_id"] = g.Own.KeyId, ["chain_key"] = Hex(g.Own.ChainKey), ["counter"] = g.Own.Counter, ["created_at_ms"] = g.Own.CreatedAtMs },
        ["records"] = new JsonArray([.. g.Records.Values.Select(Record)]),
        ["held"] = new JsonArray([.. g.Held.Select(m => new JsonObject { ["sender"] = m.Sender, ["key_id"] = m.KeyId, ["counter"] = m.Counter, ["sealed"] = Hex(m.Sealed) })]),
        ["departed"] = new JsonArray([.. g.Departed.Select(d => (JsonNode)d)]),
    };

    private static GroupView ReadGroup(string device, JsonNode? g)
    {
        string group = (string)g!["group"]!;
        JsonNode own = g["own"]!;
        return new GroupView(
            group,
            (ulong)g["version"]!,
            [.. g["members"]!.AsArray().Select(ReadKey)],
            new SenderKeyState(group, device, (uint)own["key_id"]!, Bytes(own["chain_key"]), (ulong)own["counter"]!, (long)own["created_at_ms"]!),
            g["records"]!.AsArray().Select(r => ReadRecord(group, r)).ToImmutableSortedDictionary(r => r.Sender, r => r, StringComparer.Ordinal),
            [.. g["held"]!.AsArray().Select(m => new GroupMessage(group, (string)m!["sender"]!, (uint)m["key_id"]!, (ulong)m["counter"]!, Bytes(m["sealed"])))])
        {
            Departed = ImmutableSortedSet.CreateRange(StringComparer.Ordinal, (g["departed"]?.AsArray() ?? []).Select(d => (string)d!)),
        };
    }

    private static JsonObject Record(SenderKeyRecord r) => new()
    {
        ["sender"] = r.Sender,
        ["first_key_id"] = r.FirstKeyId,
        ["keys"] = new JsonArray([.. r.Keys.Values.Select(c => new JsonObject
        {
            ["key_id"] = c.KeyId,
            ["chain_key"] = Hex(c.ChainKey),
            ["next"] = c.Next,
            ["retires_at_ms"] = c.RetiresAtMs,
            ["skipped"] = new JsonArray([.. c.Skipped.Select(k => new JsonObject { ["counter"] = k.Key, ["key"] = Hex(k.Value) })]),
        })]),
    };

    private static SenderKeyRecord ReadRecord(string group, JsonNode? r) =>
        new(group, (string)r!["sender"]!, r["keys"]!.AsArray().Select(c => new ReceivingChain(
            (uint)c!["key_id"]!, Bytes(c["chain_key"]), (ulong)c["next"]!,
            c["skipped"]!.AsArray().ToImmutableSortedDictionary(k => (ulong)k!["counter"]!, k => Bytes(k!["key"])),
            (long?)c["retires_at_ms"])).ToImmutableSortedDictionary(c => c.KeyId, c => c))
        {
            FirstKeyId = (uint?)r["first_key_id"],
        };

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    private static byte[] Bytes(JsonNode? node) => Convert.FromHexString((string?)node ?? throw new KeyNotFoundException("a hex field is missing"));
}
