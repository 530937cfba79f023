using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// A request decided by a state change and saved with it, then sent; removed when the server's answer is processed
/// (<see cref="ResponseReceived"/>). A device restarted from its store sends what it had not had answered yet, so a crash
/// loses no outgoing request.
/// </summary>
/// <param name="Kind">Which request <paramref name="Request"/> is.</param>
/// <param name="Request">The serialized request message.</param>
public sealed record OutboxItem(RequestType Kind, byte[] Request)
{
    /// <summary>The device-wide id of the request (1, 2, 3 …), which its answer names.</summary>
    public long Id { get; init; }

    /// <summary>The input that made the request (<see cref="DeviceInput.Name"/>), for refusal reports.</summary>
    public string Cause { get; init; } = "";

    /// <summary>How many times the request was sent again after a transient refusal.</summary>
    public int Attempt { get; init; }

    /// <summary>Whether this is an invite made again after the server refused the first one (no further retry).</summary>
    public bool Reinvite { get; init; }

    /// <summary>
    /// The request as the message <see cref="Request"/> was serialized from, when the item was made in this process (a
    /// restored item has only the bytes): an in-process sender passes it on instead of parsing the bytes back (issue 17
    /// §3). Not stored and not part of equality; nobody changes it (a transport that hands it to a server clones it).
    /// </summary>
    public Google.Protobuf.IMessage? Message { get; init; }

    /// <summary>
    /// Whether the server deduplicates the request, so sending it twice (after a crash) is harmless: a consume, a
    /// message (by its msg_id).
    /// </summary>
    public bool IsIdempotent => Kind is RequestType.ConsumeProtoMsg or RequestType.SendOne2oneMsg or RequestType.SendGroupMsg;

    /// <summary>
    /// Whether <paramref name="code"/> means this request is done: carried out, or — for a consume — answered NotFound
    /// (a redelivery crossed it and the message is consumed already).
    /// </summary>
    public bool IsDoneBy(Wire.ResponseCode code) =>
        DeviceCore.IsSuccess(code) || (Kind == RequestType.ConsumeProtoMsg && code == Wire.ResponseCode.NotFound);

    /// <summary>Whether a device sends requests of <paramref name="type"/> through its outbox (all but registration and heartbeats).</summary>
    public static bool IsQueued(RequestType type) => type is not (RequestType.RegisterUser or RequestType.Heartbeat) && Enum.IsDefined(type);

    /// <summary>Equality over what is stored (kind, request bytes, id, cause, attempt, reinvite), not <see cref="Message"/>.</summary>
    public bool Equals(OutboxItem? other) =>
        other is not null && Kind == other.Kind && Request == other.Request && Id == other.Id && Cause == other.Cause && Attempt == other.Attempt && Reinvite == other.Reinvite;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Request, Id, Cause, Attempt, Reinvite);
}
