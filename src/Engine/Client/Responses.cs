using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// The device core's handling of the server's answers (issue: responses are inputs). The answered request leaves the
/// outbox; an operation waiting for it continues (<see cref="PendingOperation"/>); a refusal becomes a
/// <see cref="RequestRefused"/> event, and where the protocol has a recovery the device performs it: a transient
/// refusal is sent again (at most <see cref="MaxAttempts"/> times), a refused invite is made again once from a freshly
/// fetched bundle, and what can no longer be sent is dropped with the report.
/// </summary>
internal static class Responses
{
    /// <summary>How many times a request refused with a transient code is sent again.</summary>
    public const int MaxAttempts = 2;

    /// <summary>Processes one answer; an answer to no outbox request (a duplicate) changes nothing.</summary>
    public static DeviceState Handle(DeviceState state, ResponseReceived answer, StepContext ctx)
    {
        int index = state.Outbox.FindIndex(i => i.Id == answer.RequestId);
        if (index < 0)
        {
            return state;
        }

        OutboxItem item = state.Outbox[index];
        PendingOperation? op = state.Pending.FirstOrDefault(p => p.RequestId == item.Id);
        state = state with { Outbox = state.Outbox.RemoveAt(index), Pending = op is null ? state.Pending : state.Pending.Remove(op) };
        if (IsTransient(answer.Code) && item.Attempt < MaxAttempts)
        {
            // Sent again under a new id; an operation waiting for it waits for the new one.
            long resent = state.NextRequestId;
            state = state.Resend(item with { Attempt = item.Attempt + 1 });
            return op is null ? state : state with { Pending = state.Pending.Add(op with { RequestId = resent }) };
        }

        switch (op)
        {
            case UserLookup lookup:
                return Messaging.ContinueUserLookup(state, lookup, answer, ctx);
            case DeviceLookup lookup:
                return Messaging.ContinueDeviceLookup(state, lookup, answer, ctx);
            case GroupRequest request:
                return GroupCommands.Continue(state, request, item, answer, ctx);
        }

        if (item.IsDoneBy(answer.Code))
        {
            return state;
        }

        ctx.Raise(new RequestRefused(state.Name, item.Cause, RequestNames.Of(item.Kind), answer.Code));
        return item.Kind == RequestType.Invite ? InviteRefused(state, item, answer.Code) : state;
    }

    /// <summary>
    /// A refused invite: the session that waited for its accept is dropped. Unless the device is gone (NotFound) or this
    /// invite was already the retry, a fresh bundle is asked for and the waiting texts are kept for the new invite.
    /// </summary>
    private static DeviceState InviteRefused(DeviceState state, OutboxItem item, Wire.ResponseCode code)
    {
        Wire.InviteMsg invite = Wire.InviteRequest.Parser.ParseFrom(item.Request).Msg;
        PeerSessions peer = state.PeerOf(invite.To);
        peer = peer with { Sessions = peer.Sessions.RemoveAll(s => s is AwaitingAcceptSession && s.Info.SessionId == invite.SessionId) };
        if (code == Wire.ResponseCode.NotFound || item.Reinvite || Messaging.HasLookup(state, invite.To))
        {
            return state.WithPeer(peer with { Waiting = [] });
        }

        return Messaging.RequestBundle(state.WithPeer(peer), invite.To, retry: true);
    }

    private static bool IsTransient(Wire.ResponseCode code) =>
        code is Wire.ResponseCode.RequestTimeout or Wire.ResponseCode.InternalServerError or Wire.ResponseCode.ServiceUnavailable;
}
