using System.Collections.Immutable;
using E2eeConformance.RoomKeys.Crypto;
using E2eeConformance.RoomKeys.Errors;
using E2eeConformance.RoomKeys.Wire;

namespace E2eeConformance.RoomKeys.Device;

/// <summary>The device's room commands and the server's answers about membership and status (seed 002).</summary>
internal static class Commands
{
    /// <summary>
    /// "userA creates a symmetric encryption room_key and saves it locally … Then userA sends a request to the server to
    /// create a group chat, setting e2ee_on to true in the NewSessionRequest": the key of generation 1 (RK-7) first.
    /// </summary>
    public static RoomDeviceState Create(RoomDeviceState state, CreateRoom c, DeviceContext context)
    {
        if (state.Rooms.ContainsKey(c.Room))
        {
            throw new RoomKeyException(RoomKeyErrorCode.Malformed, $"the device is in a room {c.Room} already");
        }

        RoomView view = RoomView.Empty(c.Room, c.E2eeOn);
        if (c.E2eeOn)
        {
            view = view.WithKey(1, RoomKey.Generate(context.Random));
        }

        context.Ask(r => r.NewSession = new NewSessionRequest { SessionId = c.Room, E2EeOn = c.E2eeOn });
        return state.With(view);
    }

    /// <summary>join_session: the device waits for an admission.</summary>
    public static RoomDeviceState RequestJoin(RoomDeviceState state, RequestJoin j, DeviceContext context)
    {
        if (state.Rooms.ContainsKey(j.Room))
        {
            throw new RoomKeyException(RoomKeyErrorCode.Malformed, $"the device is in {j.Room} already");
        }

        context.Ask(r => r.JoinSession = new JoinSessionRequest { SessionId = j.Room });
        return state with { Joining = state.Joining.Add(j.Room) };
    }

    /// <summary>A request about a room the device is in (the server checks the rest: the owner, the user).</summary>
    public static RoomDeviceState Ask(RoomDeviceState state, string room, DeviceContext context, Action<ServerRequest> fill)
    {
        _ = Active(state, room);
        context.Ask(fill);
        return state;
    }

    /// <summary>Asks to leave; the device hands no key on and sends nothing to the room from now on (RK-24).</summary>
    public static RoomDeviceState Leave(RoomDeviceState state, string room, DeviceContext context)
    {
        RoomView view = Active(state, room);
        context.Ask(r => r.LeaveSession = new LeaveSessionRequest { SessionId = room });
        return state.With(view with { Leaving = true });
    }

    /// <summary>The device's view of a room it is in and has not asked to leave (<c>not_a_member</c> otherwise).</summary>
    public static RoomView Active(RoomDeviceState state, string room)
    {
        RoomView view = View(state, room);
        return view.Leaving ? throw new RoomKeyException(RoomKeyErrorCode.NotAMember, $"{state.User} has asked to leave {room}") : view;
    }

    public static RoomDeviceState Created(RoomDeviceState state, NewSessionNotification n, DeviceContext context)
    {
        _ = View(state, n.SessionId);
        context.Events.Add(new RoomCreated(state.User, n.SessionId, n.E2EeOn, n.Generation));
        return state;
    }

    /// <summary>The owner switched encryption (RK-11): on, the room waits for the owner's new key; off, texts go in the clear.</summary>
    public static RoomDeviceState OnE2eeStatus(RoomDeviceState state, E2eeStatusNotification n, DeviceContext context)
    {
        RoomView view = View(state, n.SessionId);
        context.Events.Add(new E2eeChanged(state.User, n.SessionId, n.E2EeOn, n.By));
        return state.With(view with { E2eeOn = n.E2EeOn });
    }

    /// <summary>Out of the room: its keys, held messages and join requests are gone.</summary>
    public static RoomDeviceState OnLeft(RoomDeviceState state, LeftSessionNotification n, DeviceContext context)
    {
        RoomView view = View(state, n.SessionId);
        context.Events.Add(new LeftRoom(state.User, n.SessionId, n.By));
        ImmutableSortedDictionary<string, ReadRecord> departed = state.Departed.SetItem(n.SessionId, new ReadRecord(view.ReadNonces, view.ReadSequences));
        if (departed.Count > RoomDeviceState.MaxDeparted)
        {
            departed = departed.Remove(departed.Keys.First(k => k != n.SessionId));
        }

        return state with { Rooms = state.Rooms.Remove(n.SessionId), Departed = departed };
    }

    /// <summary>A room the device is in again: a new view that remembers what it read there before it left (RK-28).</summary>
    public static RoomDeviceState Rejoined(RoomDeviceState state, RoomView view) =>
        state.Departed.TryGetValue(view.Room, out ReadRecord? read)
            ? state.With(view with { ReadNonces = read.Nonces, ReadSequences = read.Sequences }) with { Departed = state.Departed.Remove(view.Room) }
            : state.With(view);

    /// <summary>A refusal of the server; a refused creation or join leaves the device out of that room.</summary>
    public static RoomDeviceState OnRefused(RoomDeviceState state, RequestRefused n, DeviceContext context)
    {
        context.Events.Add(new ServerRefused(state.User, n.Request, n.Code, n.SessionId));
        return n.Request switch
        {
            "new_session" when n.Code == Server.ServerRefusal.SessionExists => state with { Rooms = state.Rooms.Remove(n.SessionId) },
            "join_session" => state with { Joining = state.Joining.Remove(n.SessionId) },
            "leave_session" when state.Rooms.TryGetValue(n.SessionId, out RoomView? view) => state.With(view with { Leaving = false }),
            "accept_join_session_approval" when n.Code == Server.ServerRefusal.NotPending => state with { Rooms = state.Rooms.Remove(n.SessionId) }, // RK-27: the invitation was void
            _ => state,
        };
    }

    /// <summary>The device's view of a room it is in (<c>not_a_member</c> otherwise).</summary>
    public static RoomView View(RoomDeviceState state, string room) =>
        state.Rooms.TryGetValue(room, out RoomView? view) ? view : throw new RoomKeyException(RoomKeyErrorCode.NotAMember, $"{state.User} is not in the room {room}");
}
