using E2eeConformance.RoomKeys.Crypto;
using E2eeConformance.RoomKeys.Errors;
using E2eeConformance.RoomKeys.Wire;
using Google.Protobuf;

namespace E2eeConformance.RoomKeys.Device;

/// <summary>
/// How room keys move between members (seed 002, "Accept a user to join", "Invite a user to join", "The replacement of
/// room_key"): every key wrapped with RSA-OAEP to the public key the server handed out, with the label binding room
/// and generation (RK-2).
/// </summary>
internal static class KeyDistribution
{
    /// <summary>"userA receives a JoinSessionApproval message, which contains the public key of userB": kept until the user decides.</summary>
    public static RoomDeviceState OnJoinRequest(RoomDeviceState state, JoinSessionApproval n, DeviceContext context)
    {
        RoomView view = Commands.View(state, n.SessionId);
        _ = WireKeys.FromWire(n.PublicKey);
        context.Events.Add(new JoinRequested(state.User, n.SessionId, n.User));
        return state.With(view with { JoinRequests = view.JoinRequests.SetItem(n.User, n.PublicKey) });
    }

    /// <summary>
    /// "Encrypt room_key with public_key to get encrypted_room_key … sends a allow_user_join_session request, sets the
    /// room_key field to encrypted_room_key" — the newest key, or none in a room in the clear.
    /// </summary>
    public static RoomDeviceState Approve(RoomDeviceState state, ApproveJoin a, DeviceContext context)
    {
        RoomView view = Commands.Active(state, a.Room);
        if (!view.JoinRequests.TryGetValue(a.User, out RsaPublicKeyMsg? key))
        {
            throw new RoomKeyException(RoomKeyErrorCode.NoJoinRequest, $"{a.User} has not asked {state.User} to join {a.Room}");
        }

        (uint generation, ByteString wrapped) = view.E2eeOn ? Wrap(view, key, context) : (0u, ByteString.Empty);
        context.Ask(r => r.AllowUserJoinSession = new AllowUserJoinSessionRequest { SessionId = a.Room, User = a.User, Generation = generation, RoomKey = wrapped });
        return state.With(view with { JoinRequests = view.JoinRequests.Remove(a.User) });
    }

    /// <summary>"userB receives an AllowUserJoinSessionNotification … Use their own RSA private key to decrypt it".</summary>
    public static RoomDeviceState OnAdmitted(RoomDeviceState state, AllowUserJoinSessionNotification n, DeviceContext context)
    {
        if (state.Rooms.TryGetValue(n.SessionId, out RoomView? joined) && !joined.Leaving)
        {
            // An invitation crossed the approval (RK-27): the device is in by the invitation; the admission brings the key.
            return n.Generation == 0 && n.RoomKey.IsEmpty ? state : OnRoomKey(state, new ReceiveRoomKeyNotification { SessionId = n.SessionId, From = n.By, Generation = n.Generation, RoomKey = n.RoomKey }, context);
        }

        if (!state.Joining.Contains(n.SessionId))
        {
            throw new RoomKeyException(RoomKeyErrorCode.NotAMember, $"{state.User} did not ask to join {n.SessionId}");
        }

        RoomKey? key = n.Generation > 0 || !n.RoomKey.IsEmpty ? state.Identity.DecryptRoomKey(n.RoomKey.Span, n.SessionId, n.Generation) : null;
        RoomDeviceState admitted = Commands.Rejoined(state, RoomView.Empty(n.SessionId, n.E2EeOn));
        if (key is not null)
        {
            admitted = admitted.With(admitted.Rooms[n.SessionId].WithKey(n.Generation, key));
        }

        context.Events.Add(new JoinedRoom(state.User, n.SessionId, n.By, n.E2EeOn, n.Generation));
        return admitted with { Joining = admitted.Joining.Remove(n.SessionId) };
    }

    /// <summary>
    /// "userB receives an InviteUserToSession message, then uses the information to send an accept_join_session_approval
    /// request" — accepted at once (RK-10); the key comes from the inviter.
    /// </summary>
    public static RoomDeviceState OnInvitation(RoomDeviceState state, InviteUserToSession n, DeviceContext context)
    {
        if (state.Rooms.TryGetValue(n.SessionId, out RoomView? already) && !already.Leaving)
        {
            return state; // in already (admitted on its own request, or a repeated invitation): nothing to accept (RK-27)
        }

        context.Ask(r => r.AcceptJoinSessionApproval = new AcceptJoinSessionApprovalRequest { SessionId = n.SessionId });
        context.Events.Add(new Invited(state.User, n.SessionId, n.By));
        context.Events.Add(new JoinedRoom(state.User, n.SessionId, n.By, n.E2EeOn, 0));
        return Commands.Rejoined(state, RoomView.Empty(n.SessionId, n.E2EeOn)) with { Joining = state.Joining.Remove(n.SessionId) };
    }

    /// <summary>"userA receives an AcceptSessionNotification message, which contains the public key of userB … sends a send_room_key request".</summary>
    public static RoomDeviceState OnAccepted(RoomDeviceState state, AcceptSessionNotification n, DeviceContext context)
    {
        RoomView view = Commands.View(state, n.SessionId);
        if (view.Leaving)
        {
            return state; // RK-24: a device on its way out hands no key on
        }

        (uint generation, ByteString wrapped) = Wrap(view, n.PublicKey, context);
        context.Ask(r => r.SendRoomKey = new SendRoomKeyRequest { SessionId = n.SessionId, User = n.User, Generation = generation, RoomKey = wrapped });
        return state;
    }

    /// <summary>
    /// "userB receives a ReceiveRoomKeyNotification message … Use their own RSA private key to decrypt it": the key is
    /// kept if it is the newest or the one before it (RK-12); messages waiting for it are read.
    /// </summary>
    public static RoomDeviceState OnRoomKey(RoomDeviceState state, ReceiveRoomKeyNotification n, DeviceContext context)
    {
        RoomView view = Commands.View(state, n.SessionId);
        if (n.Generation == 0 || (ulong)n.Generation + 1 < view.Newest) // widened: the notification's generation may be uint.MaxValue
        {
            throw new RoomKeyException(RoomKeyErrorCode.RetiredRoomKey, $"a room key of generation {n.Generation} in {n.SessionId}, which {state.User} has retired (newest {view.Newest})");
        }

        RoomKey key = state.Identity.DecryptRoomKey(n.RoomKey.Span, n.SessionId, n.Generation);
        if (view.Keys.TryGetValue(n.Generation, out RoomKey? held))
        {
            // RK-21: the first key of a generation stays; the same one again (a duplicate) changes nothing, another is refused.
            return held.Bytes.AsSpan().SequenceEqual(key.Bytes)
                ? state
                : throw new RoomKeyException(RoomKeyErrorCode.BadRoomKey, $"a second, different room key {n.Generation} of {n.SessionId} from {n.From}; {state.User} keeps the first");
        }

        context.Events.Add(new RoomKeyReceived(state.User, n.SessionId, n.From, n.Generation));
        RoomDeviceState keyed = HandOverPending(state.With(view.WithKey(n.Generation, key)), n.SessionId, n.Generation, context);
        return RoomMessages.ReleaseHeld(keyed, n.SessionId, context);
    }

    /// <summary>"userA will receive an UpdateRoomKeyNotification … userA needs to update the group's room_key".</summary>
    public static RoomDeviceState OnUpdate(RoomDeviceState state, string room, uint generation, DeviceContext context)
    {
        RoomView view = Commands.View(state, room);
        if (view.Leaving || view.Keys.ContainsKey(generation))
        {
            return state; // made already (a SendRoomKeyNotification came first)
        }

        if (generation <= view.Newest)
        {
            // RK-23: a replacement another member's newer one overtook: nobody holds its key, so nobody needs it.
            context.Events.Add(new ReplacementSuperseded(state.User, room, generation, view.Newest));
            return state;
        }

        context.Events.Add(new RoomKeyReplaced(state.User, room, generation));
        RoomDeviceState made = HandOverPending(state.With(view.WithKey(generation, RoomKey.Generate(context.Random))), room, generation, context);
        return RoomMessages.ReleaseHeld(made, room, context);
    }

    /// <summary>"userA encrypts the updated room_key with userB's public key … sends a send_room_key request".</summary>
    /// <remarks>
    /// RK-26: a key the device does not hold yet is handed on when it comes (the maker's UpdateRoomKeyNotification may
    /// arrive after its SendRoomKeyNotifications; a holder's own copy may still be on its way) — it is never made here.
    /// </remarks>
    public static RoomDeviceState OnSendRoomKey(RoomDeviceState state, SendRoomKeyNotification n, DeviceContext context)
    {
        RoomView view = Commands.View(state, n.SessionId);
        RsaPublicKey recipient = WireKeys.FromWire(n.PublicKey);
        if (view.Leaving)
        {
            return state; // on its way out (RK-24)
        }

        if (view.Keys.TryGetValue(n.Generation, out RoomKey? key))
        {
            HandOver(n.SessionId, n.User, recipient, key, n.Generation, context);
            return state;
        }

        if (n.Generation <= view.Newest)
        {
            context.Events.Add(new ReplacementSuperseded(state.User, n.SessionId, n.Generation, view.Newest)); // RK-23
            return state;
        }

        if (view.Handovers.Count >= RoomView.MaxHeld)
        {
            throw new RoomKeyException(RoomKeyErrorCode.TooManyHeld, $"{RoomView.MaxHeld} keys of {n.SessionId} wait to be handed on already");
        }

        return state.With(view with { Handovers = view.Handovers.Add(new PendingHandover(n.User, n.PublicKey, n.Generation)) });
    }

    /// <summary>The hand-overs that waited for the key of <paramref name="generation"/>, now that the device holds it (RK-26).</summary>
    private static RoomDeviceState HandOverPending(RoomDeviceState state, string room, uint generation, DeviceContext context)
    {
        RoomView view = state.Rooms[room];
        if (view.Leaving || !view.Handovers.Exists(h => h.Generation == generation))
        {
            return state;
        }

        foreach (PendingHandover h in view.Handovers.Where(h => h.Generation == generation))
        {
            HandOver(room, h.User, WireKeys.FromWire(h.Key), view.Keys[generation], generation, context);
        }

        return state.With(view with { Handovers = view.Handovers.RemoveAll(h => h.Generation == generation) });
    }

    private static void HandOver(string room, string user, RsaPublicKey recipient, RoomKey key, uint generation, DeviceContext context)
    {
        byte[] wrapped = recipient.EncryptRoomKey(key, room, generation, context.Random);
        context.Ask(r => r.SendRoomKey = new SendRoomKeyRequest { SessionId = room, User = user, Generation = generation, RoomKey = ByteString.CopyFrom(wrapped) });
    }

    private static (uint Generation, ByteString Wrapped) Wrap(RoomView view, RsaPublicKeyMsg key, DeviceContext context)
    {
        uint generation = view.Newest;
        if (generation == 0)
        {
            throw new RoomKeyException(RoomKeyErrorCode.NoRoomKey, $"no room key of {view.Room} to hand on yet");
        }

        return (generation, ByteString.CopyFrom(WireKeys.FromWire(key).EncryptRoomKey(view.Keys[generation], view.Room, generation, context.Random)));
    }
}
