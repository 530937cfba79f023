using System.Text.Json.Nodes;
using E2eeConformance.Adapter;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Errors;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// A shim's <c>event</c> lines as the engine's events (docs/ADAPTER.md, "Events"), so the run records an external
/// device exactly as its own. An error name the harness does not know is kept as the implementation named it
/// (<see cref="ExternalProtocolFailure"/>), so an expectation on a harness code fails with that name in its text; the
/// implementation's config maps its own names to the harness's (<see cref="DeviceImplementation.ErrorNames"/>).
/// </summary>
internal static class ShimEvents
{
    /// <summary>The event of <paramref name="line"/>, raised by <paramref name="device"/> (a formatted address); null for one the run does not record.</summary>
    /// <exception cref="InvalidDataException">A field is missing or of the wrong type.</exception>
    public static DeviceEvent? Parse(JsonObject line, string device, IReadOnlyDictionary<string, string>? errorNames = null)
    {
        string S(string field) => JsonFields.String(line, field);
        byte[] B(string field) => JsonFields.Bytes(line, field);
        string O(string field) => JsonFields.Optional(line, field) ?? "";
        return S("event") switch
        {
            "message_received" => new OneToOneMessageReceived(device, S("from"), B("text"), O("session"), O("msg_id")),
            "message_sent" => new OneToOneMessageSent(device, S("to"), O("msg_id"), B("text")),
            "group_message_received" => new GroupMessageReceived(device, S("group"), S("from"), B("text"), O("msg_id")),
            "group_message_sent" => new GroupMessageSent(device, S("group"), O("msg_id"), B("text")),
            "session_established" => new SessionEstablished(device, S("peer"), O("session"), line["outbound"]?.GetValue<bool>() ?? false),
            "group_session_changed" => new GroupSessionChanged(device, S("group"), O("session"), O("reason")),
            "group_left" => new GroupLeft(device, S("group")),
            "message_deferred" => new MessageDeferred(device, S("from"), O("msg_id"), O("reason")),
            "group_text_withdrawn" => new GroupTextWithdrawn(device, S("group"), B("text"), Strings(line, "newcomers"), O("reason")),
            "protocol_failure" => Failure(device, O("message_kind"), Mapped(S("error"), errorNames), O("detail"), O("msg_id")),
            "request_refused" => new RequestRefused(device, O("message_kind"), O("request"), (Engine.Wire.ResponseCode)JsonFields.Long(line, "code")),
            "user_updated" => new UserUpdated(device, O("user"), O("operation"), O("name")),
            "pre_keys_published" => new PreKeysPublished(device, O("what"), (int)JsonFields.Long(line, "count")),
            "heartbeat_received" => new HeartbeatReceived(device, JsonFields.Long(line, "server_time")),
            _ => null,
        };
    }

    /// <summary>The harness's name for an implementation's error name (its config's <c>error_names</c>), else the name as it is.</summary>
    private static string Mapped(string error, IReadOnlyDictionary<string, string>? errorNames) =>
        errorNames is not null && errorNames.TryGetValue(error, out string? ours) ? ours : error;

    private static DeviceEvent Failure(string device, string kind, string error, string detail, string msgId) =>
        ProtocolErrorCodes.TryParse(error, out ProtocolErrorCode code)
            ? new ProtocolFailure(device, kind, code, detail, msgId)
            : new ExternalProtocolFailure(device, kind, error, detail, msgId);

    private static List<string> Strings(JsonObject line, string field) =>
        line[field] is JsonArray list ? [.. list.Select(n => n?.GetValue<string>() ?? "")] : [];
}
