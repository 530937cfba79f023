using System.Text.Json.Nodes;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Shim;

/// <summary>
/// The device's event plugin as a shim: each event becomes an <c>event</c> line with its stable id
/// (docs/ADAPTER.md, "Events"). Returning is taking the event: the line is written.
/// </summary>
internal sealed class EventLines(LineChannel channel) : IDeviceEvents<StoredEvent>
{
    public void Raise(StoredEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        JsonObject line = Describe(e.Event);
        line["type"] = "event";
        line["id"] = e.Id;
        channel.Write(line);
    }

    /// <summary>The event's name and fields.</summary>
    public static JsonObject Describe(DeviceEvent e) => e switch
    {
        OneToOneMessageReceived r => new() { ["event"] = "message_received", ["from"] = r.From, ["text"] = B64(r.Text), ["msg_id"] = r.MsgId, ["session"] = r.SessionId },
        OneToOneMessageSent s => new() { ["event"] = "message_sent", ["to"] = s.To, ["text"] = B64(s.Text), ["msg_id"] = s.MsgId },
        GroupMessageReceived r => new() { ["event"] = "group_message_received", ["group"] = r.Group, ["from"] = r.From, ["text"] = B64(r.Text), ["msg_id"] = r.MsgId },
        GroupMessageSent s => new() { ["event"] = "group_message_sent", ["group"] = s.Group, ["text"] = B64(s.Text), ["msg_id"] = s.MsgId },
        SessionEstablished s => new() { ["event"] = "session_established", ["peer"] = s.Peer, ["session"] = s.SessionId, ["outbound"] = s.Outbound },
        GroupSessionChanged c => new() { ["event"] = "group_session_changed", ["group"] = c.Group, ["session"] = c.SessionId, ["reason"] = c.Reason },
        GroupLeft l => new() { ["event"] = "group_left", ["group"] = l.Group },
        MessageDeferred d => new() { ["event"] = "message_deferred", ["from"] = d.From, ["msg_id"] = d.MsgId, ["reason"] = d.Reason },
        GroupTextWithdrawn w => new() { ["event"] = "group_text_withdrawn", ["group"] = w.Group, ["text"] = B64(w.Text), ["newcomers"] = new JsonArray([.. w.Newcomers.Select(n => (JsonNode?)n)]), ["reason"] = w.Reason },
        ProtocolFailure f => new() { ["event"] = "protocol_failure", ["message_kind"] = f.MessageKind, ["error"] = f.Code.Name(), ["detail"] = f.Detail, ["msg_id"] = f.MsgId },
        RequestRefused r => new() { ["event"] = "request_refused", ["message_kind"] = r.MessageKind, ["request"] = r.Request, ["code"] = (int)r.Code },
        UserUpdated u => new() { ["event"] = "user_updated", ["user"] = u.User, ["operation"] = u.Operation, ["name"] = u.UserName },
        PreKeysPublished p => new() { ["event"] = "pre_keys_published", ["what"] = p.What, ["count"] = p.Count },
        HeartbeatReceived h => new() { ["event"] = "heartbeat_received", ["server_time"] = h.ServerTime },
        _ => new() { ["event"] = e.GetType().Name },
    };

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes);
}
