using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Server;
using E2eeConformance.RoomKeys.Tests.Support;
using E2eeConformance.RoomKeys.Wire;

namespace E2eeConformance.RoomKeys.Tests.Device;

/// <summary>
/// Invitation (seed 002, "Invite a user to join"): invite_user_to_session → InviteUserToSession → the invitee accepts at
/// once (accept_join_session_approval, RK-10) → AcceptSessionNotification with the invitee's public key to the inviter →
/// send_room_key → ReceiveRoomKeyNotification → the invitee reads.
/// </summary>
public sealed class InvitationTests
{
    [Test]
    public void An_invitee_accepts_gets_the_room_key_from_its_inviter_and_reads()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "bob");
        h.Register("carol");

        h.Do("bob", new Invite("r", "carol")).Requests.Should().ContainSingle().Which.InviteUserToSession
            .Should().Be(new InviteUserToSessionRequest { SessionId = "r", User = "carol" });
        ServerNotification invitation = h.Queue.Should().ContainSingle().Subject;
        invitation.To.Should().Be("carol");
        invitation.InviteUserToSession.Should().Be(new InviteUserToSession { SessionId = "r", By = "bob", E2EeOn = true });

        DeviceStep accepted = h.Deliver(invitation)!;
        accepted.Requests.Should().ContainSingle().Which.AcceptJoinSessionApproval.SessionId.Should().Be("r");
        accepted.Events.Should().Equal(new Invited("carol", "r", "bob"), new JoinedRoom("carol", "r", "bob", true, 0));
        h.Server.Sessions["r"].Members.Should().Equal("alice", "bob", "carol");

        ServerNotification toInviter = h.Queue.Should().ContainSingle().Subject;
        toInviter.To.Should().Be("bob");
        toInviter.AcceptSession.Should().Be(new AcceptSessionNotification { SessionId = "r", User = "carol", PublicKey = RoomHarness.PublicKeyOf("carol") });

        DeviceStep handed = h.Deliver(toInviter)!;
        SendRoomKeyRequest key = handed.Requests.Should().ContainSingle().Which.SendRoomKey;
        (key.SessionId, key.User, key.Generation).Should().Be(("r", "carol", 1u));
        h.Queue.Should().ContainSingle().Which.ReceiveRoomKey.Should().Match<ReceiveRoomKeyNotification>(n => n.From == "bob" && n.Generation == 1 && n.RoomKey == key.RoomKey);
        h.DeliverAll();

        h.Events("carol").Should().Contain(new RoomKeyReceived("carol", "r", "bob", 1));
        h["carol"].Rooms["r"].Keys.Keys.Should().Equal(1u);
        h.Say("alice", "r", "hi carol");
        h.DeliverAll();
        h.Read("carol").Should().Equal("hi carol");
    }

    [Test]
    public void An_invitee_of_a_room_in_the_clear_needs_no_key()
    {
        RoomHarness h = RoomHarness.WithRoom("r", false, "alice");
        h.Register("carol");

        h.Do("alice", new Invite("r", "carol"));
        h.DeliverAll();

        h.Events("carol").Should().Contain(new JoinedRoom("carol", "r", "alice", false, 0));
        h.SentTo("alice").Should().NotContain(n => n.NotificationCase == ServerNotification.NotificationOneofCase.AcceptSession);
        h.Say("alice", "r", "plain hello");
        h.DeliverAll();
        h.Read("carol").Should().Equal("plain hello");
    }

    [Test]
    public void The_server_refuses_an_invitation_of_an_unknown_user_or_a_member()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "bob");

        h.Do("alice", new Invite("r", "nobody"));
        h.Do("alice", new Invite("r", "bob"));
        h.DeliverAll();

        h.ServerRefusals("alice").Should().Equal(ServerRefusal.UnknownUser, ServerRefusal.AlreadyMember);
    }

    [Test]
    public void An_acceptance_without_an_invitation_is_refused_with_not_pending()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice");
        h.Register("carol");

        h.Send(new ServerRequest { From = "carol", AcceptJoinSessionApproval = new AcceptJoinSessionApprovalRequest { SessionId = "r" } })
            .Should().ContainSingle().Which.Refused.Code.Should().Be(ServerRefusal.NotPending);
        h.Server.Sessions["r"].Members.Should().Equal("alice");
    }
}
