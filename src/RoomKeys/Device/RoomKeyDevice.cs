using E2eeConformance.RoomKeys.Errors;
using E2eeConformance.RoomKeys.Ports;
using E2eeConformance.RoomKeys.Wire;

namespace E2eeConformance.RoomKeys.Device;

/// <summary>
/// The room-key device, sans-IO (seed 002): <c>(state, input) → (new state, requests, events)</c>. A refused input (a
/// notification that does not decrypt, a command the device cannot carry out) gives an <see cref="InputRefused"/>
/// event with its stable code and leaves the state exactly as it was; requests leave only with a committed state.
/// </summary>
public static class RoomKeyDevice
{
    /// <summary>The registration request (seed 002, "sets the public_key field in the RegisterRequest to the public key").</summary>
    public static ServerRequest Register(RoomDeviceState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new ServerRequest { From = state.User, Register = new RegisterRequest { PublicKey = WireKeys.ToWire(state.Identity.PublicKey) } };
    }

    /// <summary>Processes one input at <paramref name="nowMs"/> with randomness from <paramref name="random"/>.</summary>
    public static DeviceStep Step(RoomDeviceState state, DeviceInput input, long nowMs, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(random);
        var context = new DeviceContext(state.User, nowMs, random, [], []);
        try
        {
            RoomDeviceState next = input switch
            {
                CreateRoom c => Commands.Create(state, c, context),
                RequestJoin j => Commands.RequestJoin(state, j, context),
                ApproveJoin a => KeyDistribution.Approve(state, a, context),
                Invite i => Commands.Ask(state, i.Room, context, r => r.InviteUserToSession = new InviteUserToSessionRequest { SessionId = i.Room, User = i.User }),
                LeaveRoom l => Commands.Leave(state, l.Room, context),
                RemoveMember m => Commands.Ask(state, m.Room, context, r => r.RemoveSessionMember = new RemoveSessionMemberRequest { SessionId = m.Room, User = m.User }),
                SetE2ee { On: true } e => Commands.Ask(state, e.Room, context, r => r.E2EeizeSession = new E2eeizeSessionRequest { SessionId = e.Room }),
                SetE2ee e => Commands.Ask(state, e.Room, context, r => r.Dee2EeizeSession = new Dee2eeizeSessionRequest { SessionId = e.Room }),
                SendRoomText t => RoomMessages.Send(state, t, context),
                Delivered d => OnNotification(state, d.Notification ?? throw new RoomKeyException(RoomKeyErrorCode.Malformed, "an empty delivery"), context),
                _ => throw new RoomKeyException(RoomKeyErrorCode.Malformed, $"an input the device does not know: {input.GetType().Name}"),
            };
            return new DeviceStep(next, context.Requests, context.Events);
        }
        catch (RoomKeyException e)
        {
            string room = input switch
            {
                Delivered d => RoomOf(d.Notification),
                _ => "",
            };
            return new DeviceStep(state, [], [new InputRefused(state.User, RoomKeyErrorCodes.Name(e.Code), e.Detail, room)]);
        }
    }

    private static RoomDeviceState OnNotification(RoomDeviceState state, ServerNotification n, DeviceContext context) => n.NotificationCase switch
    {
        ServerNotification.NotificationOneofCase.NewSession => Commands.Created(state, n.NewSession, context),
        ServerNotification.NotificationOneofCase.JoinSessionApproval => KeyDistribution.OnJoinRequest(state, n.JoinSessionApproval, context),
        ServerNotification.NotificationOneofCase.AllowUserJoinSession => KeyDistribution.OnAdmitted(state, n.AllowUserJoinSession, context),
        ServerNotification.NotificationOneofCase.InviteUserToSession => KeyDistribution.OnInvitation(state, n.InviteUserToSession, context),
        ServerNotification.NotificationOneofCase.AcceptSession => KeyDistribution.OnAccepted(state, n.AcceptSession, context),
        ServerNotification.NotificationOneofCase.ReceiveRoomKey => KeyDistribution.OnRoomKey(state, n.ReceiveRoomKey, context),
        ServerNotification.NotificationOneofCase.UpdateRoomKey => KeyDistribution.OnUpdate(state, n.UpdateRoomKey.SessionId, n.UpdateRoomKey.Generation, context),
        ServerNotification.NotificationOneofCase.SendRoomKey => KeyDistribution.OnSendRoomKey(state, n.SendRoomKey, context),
        ServerNotification.NotificationOneofCase.Message => RoomMessages.OnMessage(state, n.Message, context),
        ServerNotification.NotificationOneofCase.E2EeStatus => Commands.OnE2eeStatus(state, n.E2EeStatus, context),
        ServerNotification.NotificationOneofCase.LeftSession => Commands.OnLeft(state, n.LeftSession, context),
        ServerNotification.NotificationOneofCase.Refused => Commands.OnRefused(state, n.Refused, context),
        _ => throw new RoomKeyException(RoomKeyErrorCode.Malformed, "a notification with nothing in it"),
    };

    /// <summary>The room a notification concerns ("" when it names none).</summary>
    public static string RoomOf(ServerNotification? n) => n?.NotificationCase switch
    {
        ServerNotification.NotificationOneofCase.NewSession => n.NewSession.SessionId,
        ServerNotification.NotificationOneofCase.JoinSessionApproval => n.JoinSessionApproval.SessionId,
        ServerNotification.NotificationOneofCase.AllowUserJoinSession => n.AllowUserJoinSession.SessionId,
        ServerNotification.NotificationOneofCase.InviteUserToSession => n.InviteUserToSession.SessionId,
        ServerNotification.NotificationOneofCase.AcceptSession => n.AcceptSession.SessionId,
        ServerNotification.NotificationOneofCase.ReceiveRoomKey => n.ReceiveRoomKey.SessionId,
        ServerNotification.NotificationOneofCase.UpdateRoomKey => n.UpdateRoomKey.SessionId,
        ServerNotification.NotificationOneofCase.SendRoomKey => n.SendRoomKey.SessionId,
        ServerNotification.NotificationOneofCase.Message => n.Message.Message?.SessionId ?? "",
        ServerNotification.NotificationOneofCase.E2EeStatus => n.E2EeStatus.SessionId,
        ServerNotification.NotificationOneofCase.LeftSession => n.LeftSession.SessionId,
        ServerNotification.NotificationOneofCase.Refused => n.Refused.SessionId,
        _ => "",
    };
}

/// <summary>What a step gives: the new state (the old one when refused), the requests to send, the events.</summary>
public sealed record DeviceStep(RoomDeviceState State, IReadOnlyList<ServerRequest> Requests, IReadOnlyList<DeviceEvent> Events);

/// <summary>What a step runs with: who, when, the randomness, and what it collects.</summary>
internal sealed record DeviceContext(string User, long NowMs, IRandom Random, List<ServerRequest> Requests, List<DeviceEvent> Events)
{
    /// <summary>A request from this device.</summary>
    public void Ask(Action<ServerRequest> fill)
    {
        var request = new ServerRequest { From = User };
        fill(request);
        Requests.Add(request);
    }
}
