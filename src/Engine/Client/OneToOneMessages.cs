using System.Collections.Immutable;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// The device core's handling of server-sent messages outside groups (seed 000 §Server-sent events protocols):
/// invites, accepts, one-to-one messages, pre-key refills, new devices and user updates. Pure: a new state and the
/// step's events; requests go to the state's outbox.
/// </summary>
internal static class OneToOneMessages
{
    /// <summary>Dispatches one ProtoMsg by its payload; throws <see cref="ProtocolException"/> when it cannot be processed.</summary>
    public static DeviceState Handle(DeviceState state, Wire.ProtoMsg message, StepContext ctx) => message.PayloadCase switch
    {
        Wire.ProtoMsg.PayloadOneofCase.InviteMsg => OnInvite(state, message.InviteMsg, ctx),
        Wire.ProtoMsg.PayloadOneofCase.AcceptMsg => OnAccept(state, message.AcceptMsg, ctx),
        Wire.ProtoMsg.PayloadOneofCase.E2EeMsg => message.E2EeMsg.PayloadCase == Wire.E2eeMsg.PayloadOneofCase.GroupMsg
            ? GroupMessages.OnGroupMessage(state, message.E2EeMsg, ctx)
            : OnOneToOneMessage(state, message.E2EeMsg, ctx),
        Wire.ProtoMsg.PayloadOneofCase.SupplyOpksMsg => OnSupplyOpks(state, message.SupplyOpksMsg, ctx),
        Wire.ProtoMsg.PayloadOneofCase.AddUserDeviceMsg => OnAddUserDevice(state, message.AddUserDeviceMsg),
        Wire.ProtoMsg.PayloadOneofCase.CreateGroupMsg => GroupMessages.OnCreateGroup(state, message.CreateGroupMsg, ctx),
        Wire.ProtoMsg.PayloadOneofCase.AddGroupMembersMsg => GroupMessages.OnAddGroupMembers(state, message.AddGroupMembersMsg, ctx),
        Wire.ProtoMsg.PayloadOneofCase.AddGroupMemberDeviceMsg => GroupMessages.OnAddGroupMemberDevice(state, message.AddGroupMemberDeviceMsg, ctx),
        Wire.ProtoMsg.PayloadOneofCase.RemoveGroupMembersMsg => GroupMessages.OnRemoveGroupMembers(state, message.RemoveGroupMembersMsg, ctx),
        Wire.ProtoMsg.PayloadOneofCase.LeaveGroupMsg => GroupMessages.OnLeaveGroup(state, message.LeaveGroupMsg),
        Wire.ProtoMsg.PayloadOneofCase.UpdateUserMsg => Raise(state, ctx, new UserUpdated(state.Name, Addresses.Format(message.UpdateUserMsg.UserAddress), message.UpdateUserMsg.Op.ToString(), message.UpdateUserMsg.UpdateUserNameArg?.Username ?? "")),
        _ => state, // friend/group/system manager messages carry no keys: nothing to change.
    };

    /// <summary>InviteMsg → inbound session and AcceptMsg (seed 000 §Invite, §Accept; REFERENCE-BEHAVIOUR §21).</summary>
    private static DeviceState OnInvite(DeviceState state, Wire.InviteMsg invite, StepContext ctx)
    {
        if (state.PeerOf(invite.From).Sessions.Any(s => s.Info.SessionId == invite.SessionId))
        {
            throw new ProtocolException(ProtocolErrorCode.Replay, $"an invite for session {invite.SessionId} was already accepted");
        }

        (Account account, EstablishedSession session, Wire.AcceptMsg accept) = SessionResponder.Accept(state.Account, state.Address, invite, ctx.Random, state.Version);
        ctx.Raise(new SessionEstablished(state.Name, Addresses.Format(invite.From), session.Info.SessionId, Outbound: false));
        PeerSessions peer = state.PeerOf(invite.From);
        return (state with { Account = account }).WithPeer(peer.WithNewest(session)).Send(RequestType.Accept, new Wire.AcceptRequest { Msg = accept });
    }

    /// <summary>
    /// AcceptMsg → the outbound session is complete; the plaintexts that waited for it are sent, and the peer's messages
    /// that overtook the accept are read (one that fails is reported and dropped; it does not undo the accept).
    /// </summary>
    private static DeviceState OnAccept(DeviceState state, Wire.AcceptMsg accept, StepContext ctx)
    {
        PeerSessions peer = state.PeerOf(accept.From);

        // Not necessarily the newest: when both sides invited each other at once (crossed invites), the peer's invite
        // made an inbound session newer than ours. AcceptMsg names no session; a peer has one awaiting session at most.
        if (peer.Sessions.OfType<AwaitingAcceptSession>().FirstOrDefault() is not { } pending)
        {
            throw new ProtocolException(ProtocolErrorCode.UnexpectedAccept, $"no outbound session is waiting for an accept from {Addresses.Format(accept.From)}");
        }

        EstablishedSession session = pending.Complete(state.Account, accept, ctx.Random);
        ctx.Raise(new SessionEstablished(state.Name, Addresses.Format(accept.From), session.Info.SessionId, Outbound: true));
        state = state.WithPeer(peer.WithUpdated(session) with { Waiting = [], Early = [] });
        foreach (Wire.Plaintext waiting in peer.Waiting)
        {
            state = Messaging.SendPlaintext(state, accept.From, waiting, ctx);
        }

        foreach (Wire.E2eeMsg early in peer.Early)
        {
            int events = ctx.Events.Count;
            try
            {
                state = OnOneToOneMessage(state, early, ctx);
            }
            catch (ProtocolException e)
            {
                ctx.TruncateTo(events);
                ctx.Raise(new ProtocolFailure(state.Name, Wire.ProtoMsg.PayloadOneofCase.E2EeMsg.ToString(), e.Code, e.Detail, early.MsgId));
            }
        }

        return state;
    }

    /// <summary>
    /// A one-to-one E2eeMsg → decrypt with the session it names; dispatch its Plaintext. One too far ahead of its chain
    /// (<c>jump_too_far</c>) is held until the gap narrows (<see cref="GapHolding"/>); after one that decrypts, the
    /// peer's held messages are retried.
    /// </summary>
    private static DeviceState OnOneToOneMessage(DeviceState state, Wire.E2eeMsg message, StepContext ctx)
    {
        PeerSessions peer = state.PeerOf(message.From);
        OneToOneSession? named = peer.Sessions.FirstOrDefault(s => s.Info.SessionId == message.SessionId);
        if (named is AwaitingAcceptSession)
        {
            // The peer accepted and wrote at once; its message overtook the AcceptMsg. Kept (bounded) until the accept.
            return peer.Early.Count < PeerSessions.MaxEarlyMessages
                ? Raise(state.WithPeer(peer with { Early = peer.Early.Add(message.Clone()) }), ctx, new MessageDeferred(state.Name, Addresses.Format(message.From), message.MsgId, "the session awaits its accept"))
                : throw new ProtocolException(ProtocolErrorCode.SessionNotEstablished, $"session {message.SessionId} with {Addresses.Format(message.From)} still awaits its accept and already holds {PeerSessions.MaxEarlyMessages} early messages");
        }

        try
        {
            state = Read(state, message, ctx);
        }
        catch (ProtocolException e) when (e.Code == ProtocolErrorCode.JumpTooFar)
        {
            return GapHolding.Hold(state, message, e, ctx);
        }

        return GapHolding.Retry(state, message.From, (s, held) => Read(s, held, ctx), ctx);
    }

    /// <summary>Decrypts <paramref name="message"/> with the established session it names and dispatches its Plaintext.</summary>
    private static DeviceState Read(DeviceState state, Wire.E2eeMsg message, StepContext ctx)
    {
        PeerSessions peer = state.PeerOf(message.From);
        if (peer.Sessions.FirstOrDefault(s => s.Info.SessionId == message.SessionId) is not EstablishedSession session)
        {
            throw new ProtocolException(ProtocolErrorCode.UnknownSession, $"no established session {message.SessionId} with {Addresses.Format(message.From)}");
        }

        (EstablishedSession next, Wire.Plaintext plaintext) = session.Decrypt(message, ctx.Random, ctx.Deviations);
        state = state.WithPeer(peer.WithUpdated(next));
        return plaintext.PayloadCase switch
        {
            Wire.Plaintext.PayloadOneofCase.CommonMsg => Raise(state, ctx, new OneToOneMessageReceived(state.Name, Addresses.Format(message.From), plaintext.CommonMsg.ToByteArray(), message.SessionId, message.MsgId)),
            Wire.Plaintext.PayloadOneofCase.GroupPreKeyBundle => GroupMessages.OnGroupSeed(state, message.From, plaintext.GroupPreKeyBundle, ctx),
            Wire.Plaintext.PayloadOneofCase.GroupUpdateKeyBundle => GroupMessages.OnGroupUpdate(state, plaintext.GroupUpdateKeyBundle, ctx),
            _ => state,
        };
    }

    /// <summary>SupplyOpksMsg → new one-time pre-keys, published (seed 000 §Supply one-time pre-key).</summary>
    private static DeviceState OnSupplyOpks(DeviceState state, Wire.SupplyOpksMsg message, StepContext ctx)
    {
        int requested = message.OpksNum is > 0 and <= ProtocolLimits.MaxUnusedOneTimePreKeys ? (int)message.OpksNum : ProtocolLimits.OneTimePreKeyBatch;
        int count = Math.Min(requested, ProtocolLimits.MaxUnusedOneTimePreKeys - state.Account.UnusedOneTimePreKeyCount);
        if (count <= 0)
        {
            return state; // already holding the most one-time pre-keys a device keeps
        }

        (Account account, ImmutableList<OneTimePreKey> added) = state.Account.WithNewOneTimePreKeys(count, ctx.Random);
        var request = new Wire.SupplyOpksRequest { E2EesPackId = state.Suite.PackId.Value, UserAddress = state.Address.Clone() };
        request.OneTimePreKeyPublicList.AddRange(added.Select(k => k.ToPublicWire()));
        ctx.Raise(new PreKeysPublished(state.Name, "one_time_pre_keys", added.Count));
        return (state with { Account = account }).Send(RequestType.SupplyOpks, request);
    }

    /// <summary>
    /// AddUserDeviceMsg → the new device is invited (its bundle is asked for; seed 000 §NewUserDeviceMsg), and a new
    /// device of this user is added to this device's groups (seed 000 §Add group member device).
    /// </summary>
    /// <remarks>
    /// The two are independent: a one-to-one text this device wrote to its own user's devices may already have opened
    /// a session with the new device (the lookup of this user lists every registered device), and the device must
    /// still be added to the groups (fuzz finding <c>member-device-add-then-one2one</c>: it was not, and this user's
    /// devices held the group without it).
    /// </remarks>
    private static DeviceState OnAddUserDevice(DeviceState state, Wire.AddUserDeviceMsg message)
    {
        Wire.E2eeAddress device = message.UserAddress;
        if (device?.User is null || Addresses.SameDevice(device, state.Address))
        {
            return state;
        }

        if (state.PeerOf(device).Newest is null && !Messaging.HasLookup(state, device))
        {
            state = Messaging.RequestBundle(state, device, retry: false);
        }

        bool ownUser = device.Domain == state.Address.Domain && device.User.UserId == state.Address.User.UserId;
        return ownUser ? GroupCommands.AddOwnNewDeviceToGroups(state, message) : state;
    }

    internal static DeviceState Raise(DeviceState state, StepContext ctx, DeviceEvent e)
    {
        ctx.Raise(e);
        return state;
    }
}
