using System.Collections.Immutable;
using Google.Protobuf;
using E2eeConformance.Engine.Client.State;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// The device core's bookkeeping in a snapshot: the outbox with request ids, pending operations, unacknowledged events,
/// and the deviations a deviant test device reproduces (none in a snapshot written before they existed).
/// </summary>
public static partial class DeviceStateCodec
{
    private static void AddCoreParts(StoredDeviceState stored, DeviceState state)
    {
        stored.Outbox.AddRange(state.Outbox.Select(o => new StoredOutboxItem { Kind = (int)o.Kind, Request = ByteString.CopyFrom(o.Request), Id = (ulong)o.Id, Cause = o.Cause, Attempt = (uint)o.Attempt, Reinvite = o.Reinvite }));
        stored.NextRequestId = (ulong)state.NextRequestId;
        stored.NextEventId = (ulong)state.NextEventId;
        stored.Deviations = (uint)state.Deviations;
        stored.Pending.AddRange(state.Pending.Select(ToStored));
        stored.Unacknowledged.AddRange(state.Unacknowledged.Select(ToStored));
    }

    /// <summary>
    /// Reads the core's parts. A snapshot written before they existed has outbox items without ids: they are numbered
    /// 1, 2, 3 … in order, and nothing is pending or unacknowledged.
    /// </summary>
    private static DeviceState WithCoreParts(DeviceState state, StoredDeviceState stored)
    {
        bool legacy = stored.NextRequestId == 0;
        ImmutableList<OutboxItem> outbox = [.. stored.Outbox.Select((o, i) => FromStored(o, legacy ? i + 1 : 0))];
        long nextRequest = legacy ? outbox.Count + 1 : Id(stored.NextRequestId, "next request id");
        long nextEvent = stored.NextEventId == 0 ? 1 : Id(stored.NextEventId, "next event id");
        if (outbox.Any(o => o.Id <= 0 || o.Id >= nextRequest) || outbox.Select(o => o.Id).Distinct().Count() != outbox.Count)
        {
            throw Malformed("device state snapshot: outbox request ids are not distinct ids below the next request id");
        }

        ImmutableList<PendingOperation> pending = [.. stored.Pending.Select(FromStored)];
        if (pending.Any(p => !outbox.Any(o => o.Id == p.RequestId)) || pending.Select(p => p.RequestId).Distinct().Count() != pending.Count)
        {
            throw Malformed("device state snapshot: a pending operation waits for a request that is not in the outbox");
        }

        ImmutableList<StoredEvent> events = [.. stored.Unacknowledged.Select(FromStored)];
        if (events.Any(e => e.Id <= 0 || e.Id >= nextEvent))
        {
            throw Malformed("device state snapshot: an unacknowledged event id is not below the next event id");
        }

        var deviations = (ProtocolDeviations)stored.Deviations;
        if ((deviations & ~ProtocolDeviationNames.Known) != 0)
        {
            throw Malformed($"device state snapshot: unknown protocol deviations 0x{stored.Deviations:x}");
        }

        return state with { Outbox = outbox, NextRequestId = nextRequest, NextEventId = nextEvent, Pending = pending, Unacknowledged = events, Deviations = deviations };
    }

    private static long Id(ulong value, string what) =>
        value <= long.MaxValue ? (long)value : throw Malformed($"device state snapshot: {what} {value} is out of range");

    private static OutboxItem FromStored(StoredOutboxItem stored, int legacyId) =>
        Enum.IsDefined((RequestType)stored.Kind) && OutboxItem.IsQueued((RequestType)stored.Kind)
            ? new OutboxItem((RequestType)stored.Kind, stored.Request.ToByteArray())
            {
                Id = legacyId > 0 ? legacyId : Id(stored.Id, "outbox request id"),
                Cause = stored.Cause,
                Reinvite = stored.Reinvite,
                Attempt = stored.Attempt <= Responses.MaxAttempts ? (int)stored.Attempt : throw Malformed($"device state snapshot: outbox attempt {stored.Attempt} is out of range"),
            }
            : throw Malformed($"device state snapshot: outbox request kind {stored.Kind} is unknown");

    // ---- pending operations ----

    private static StoredPendingOperation ToStored(PendingOperation op)
    {
        var stored = new StoredPendingOperation { RequestId = (ulong)op.RequestId };
        switch (op)
        {
            case UserLookup u:
                stored.UserLookup = new StoredUserLookup { Text = u.Text.Clone(), Index = (uint)u.Index };
                stored.UserLookup.Users.AddRange(u.Users.Select(x => new StoredUserRef { Domain = x.Domain, UserId = x.UserId }));
                break;
            case DeviceLookup d:
                stored.DeviceLookup = new StoredDeviceLookup { Device = d.Device.Clone(), Retry = d.Retry, StaleSessionId = d.StaleSessionId };
                break;
            case GroupRequest g:
                stored.GroupRequest = new StoredGroupRequest { Kind = (uint)g.Kind, Group = g.Group?.Clone(), Info = g.Info.Clone(), OldSessionId = g.OldSessionId, Device = g.Device?.Clone() };
                break;
            default:
                throw new EngineInvariantException($"unknown pending operation {op.GetType().Name}");
        }

        return stored;
    }

    private static PendingOperation FromStored(StoredPendingOperation stored)
    {
        long id = Id(stored.RequestId, "pending request id");
        switch (stored.OperationCase)
        {
            case StoredPendingOperation.OperationOneofCase.UserLookup:
                StoredUserLookup u = stored.UserLookup;
                ImmutableList<(string, string)> users = [.. u.Users.Select(x => (x.Domain, x.UserId))];
                return u.Index < users.Count
                    ? new UserLookup(id, Required(u.Text, "user lookup text"), users, (int)u.Index)
                    : throw Malformed("device state snapshot: a user lookup's index is past its users");
            case StoredPendingOperation.OperationOneofCase.DeviceLookup:
                Wire.E2eeAddress device = Required(stored.DeviceLookup.Device, "device lookup address");
                return device.User is null ? throw Malformed("device state snapshot: a device lookup names no device") : new DeviceLookup(id, device, stored.DeviceLookup.Retry) { StaleSessionId = stored.DeviceLookup.StaleSessionId };
            case StoredPendingOperation.OperationOneofCase.GroupRequest:
                StoredGroupRequest g = stored.GroupRequest;
                var kind = (GroupRequestKind)g.Kind;
                return !Enum.IsDefined(kind) ? throw Malformed($"device state snapshot: group request kind {g.Kind} is unknown")
                    : kind != GroupRequestKind.Create && g.Group?.Group is null ? throw Malformed("device state snapshot: a group request names no group")
                    : new GroupRequest(id, kind, g.Group, Required(g.Info, "group request info"), g.OldSessionId, g.Device);
            default:
                throw Malformed("device state snapshot: a pending operation has no kind");
        }
    }

    // ---- events ----

    private static StoredDeviceEvent ToStored(StoredEvent e)
    {
        var s = new StoredDeviceEvent { Id = (ulong)e.Id, Device = e.Event.Device };
        switch (e.Event)
        {
            case OneToOneMessageReceived r: s.OneToOneReceived = Text(r.From, "", r.MsgId, r.SessionId, r.Text); break;
            case OneToOneMessageSent r: s.OneToOneSent = Text(r.To, "", r.MsgId, "", r.Text); break;
            case GroupMessageSent r: s.GroupSent = Text("", r.Group, r.MsgId, "", r.Text); break;
            case GroupMessageReceived r: s.GroupReceived = Text(r.From, r.Group, r.MsgId, "", r.Text); break;
            case MessageDeferred r: s.MessageDeferred = Note(r.From, r.MsgId, r.Reason, 0); break;
            case SessionEstablished r: s.SessionEstablished = Note(r.Peer, r.SessionId, "", r.Outbound ? 1 : 0); break;
            case GroupSessionChanged r: s.GroupSessionChanged = Note(r.Group, r.SessionId, r.Reason, 0); break;
            case GroupLeft r: s.GroupLeft = Note(r.Group, "", "", 0); break;
            case ProtocolFailure r: s.ProtocolFailure = Note(r.MessageKind, r.Detail, r.MsgId, (long)r.Code); break;
            case RequestRefused r: s.RequestRefused = Note(r.MessageKind, r.Request, "", (long)r.Code); break;
            case UserUpdated r: s.UserUpdated = Note(r.User, r.Operation, r.UserName, 0); break;
            case HeartbeatReceived r: s.HeartbeatReceived = Note("", "", "", r.ServerTime); break;
            case PreKeysPublished r: s.PreKeysPublished = Note(r.What, "", "", r.Count); break;
            case GroupTextWithdrawn r:
                s.GroupTextWithdrawn = Text("", r.Group, "", "", r.Text);
                s.GroupTextWithdrawn.Newcomers.AddRange(r.Newcomers);
                s.GroupTextWithdrawn.Reason = r.Reason;
                break;
            default: throw new EngineInvariantException($"unknown device event {e.Event.GetType().Name}");
        }

        return s;
    }

    private static StoredEvent FromStored(StoredDeviceEvent s)
    {
        long id = Id(s.Id, "event id");
        string d = s.Device;
        DeviceEvent e = s.EventCase switch
        {
            StoredDeviceEvent.EventOneofCase.OneToOneReceived => new OneToOneMessageReceived(d, s.OneToOneReceived.Peer, s.OneToOneReceived.Text.ToByteArray(), s.OneToOneReceived.SessionId, s.OneToOneReceived.MsgId),
            StoredDeviceEvent.EventOneofCase.OneToOneSent => new OneToOneMessageSent(d, s.OneToOneSent.Peer, s.OneToOneSent.MsgId, s.OneToOneSent.Text.ToByteArray()),
            StoredDeviceEvent.EventOneofCase.GroupSent => new GroupMessageSent(d, s.GroupSent.Group, s.GroupSent.MsgId, s.GroupSent.Text.ToByteArray()),
            StoredDeviceEvent.EventOneofCase.GroupReceived => new GroupMessageReceived(d, s.GroupReceived.Group, s.GroupReceived.Peer, s.GroupReceived.Text.ToByteArray(), s.GroupReceived.MsgId),
            StoredDeviceEvent.EventOneofCase.MessageDeferred => new MessageDeferred(d, s.MessageDeferred.A, s.MessageDeferred.B, s.MessageDeferred.C),
            StoredDeviceEvent.EventOneofCase.SessionEstablished => new SessionEstablished(d, s.SessionEstablished.A, s.SessionEstablished.B, s.SessionEstablished.Number != 0),
            StoredDeviceEvent.EventOneofCase.GroupSessionChanged => new GroupSessionChanged(d, s.GroupSessionChanged.A, s.GroupSessionChanged.B, s.GroupSessionChanged.C),
            StoredDeviceEvent.EventOneofCase.GroupLeft => new GroupLeft(d, s.GroupLeft.A),
            StoredDeviceEvent.EventOneofCase.ProtocolFailure => new ProtocolFailure(d, s.ProtocolFailure.A, EnumValue<ProtocolErrorCode>(s.ProtocolFailure.Number), s.ProtocolFailure.B, s.ProtocolFailure.C),
            StoredDeviceEvent.EventOneofCase.RequestRefused => new RequestRefused(d, s.RequestRefused.A, s.RequestRefused.B, EnumValue<Wire.ResponseCode>(s.RequestRefused.Number)),
            StoredDeviceEvent.EventOneofCase.UserUpdated => new UserUpdated(d, s.UserUpdated.A, s.UserUpdated.B, s.UserUpdated.C),
            StoredDeviceEvent.EventOneofCase.HeartbeatReceived => new HeartbeatReceived(d, s.HeartbeatReceived.Number),
            StoredDeviceEvent.EventOneofCase.PreKeysPublished => new PreKeysPublished(d, s.PreKeysPublished.A, s.PreKeysPublished.Number is >= 0 and <= int.MaxValue ? (int)s.PreKeysPublished.Number : throw Malformed("device state snapshot: a pre-key count is out of range")),
            StoredDeviceEvent.EventOneofCase.GroupTextWithdrawn => new GroupTextWithdrawn(d, s.GroupTextWithdrawn.Group, s.GroupTextWithdrawn.Text.ToByteArray(), [.. s.GroupTextWithdrawn.Newcomers], s.GroupTextWithdrawn.Reason),
            _ => throw Malformed("device state snapshot: an event has no kind"),
        };
        return new StoredEvent(id, e);
    }

    private static StoredTextEvent Text(string peer, string group, string msgId, string sessionId, byte[] text) =>
        new() { Peer = peer, Group = group, MsgId = msgId, SessionId = sessionId, Text = ByteString.CopyFrom(text) };

    private static StoredNoteEvent Note(string a, string b, string c, long number) => new() { A = a, B = b, C = c, Number = number };

    private static T EnumValue<T>(long value)
        where T : struct, System.Enum =>
        value is >= int.MinValue and <= int.MaxValue && System.Enum.IsDefined(typeof(T), (int)value)
            ? (T)(object)(int)value
            : throw Malformed($"device state snapshot: {value} is not a {typeof(T).Name}");
}
