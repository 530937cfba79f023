using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Server;
using E2eeConformance.RoomKeys.Tests.Support;
using E2eeConformance.RoomKeys.Wire;
using Kind = E2eeConformance.RoomKeys.Wire.ServerNotification.NotificationOneofCase;

namespace E2eeConformance.RoomKeys.Tests.Device;

/// <summary>
/// The owner's requests (seed 002, "e2eeize_session", "dee2eeize_session"; RK-9, RK-11): switching end-to-end
/// encryption on replaces the room key at once, off sends texts in the clear; removal is a leave; other members are
/// refused with not_owner.
/// </summary>
public sealed class OwnerRoleTests
{
    [Test]
    public void E2eeize_tells_the_members_and_replaces_the_room_key_at_once()
    {
        RoomHarness h = RoomHarness.WithRoom("r", false, "alice", "bob", "carol");

        h.Do("alice", new SetE2ee("r", true)).Requests.Should().ContainSingle().Which.E2EeizeSession.SessionId.Should().Be("r");
        foreach (string member in new[] { "bob", "carol" })
        {
            h.Queue.Should().ContainSingle(n => n.To == member).Which.E2EeStatus.Should().Be(new E2eeStatusNotification { SessionId = "r", E2EeOn = true, By = "alice" });
        }

        h.Queue.Where(n => n.To == "alice").Select(n => n.NotificationCase).Should().Equal(Kind.E2EeStatus, Kind.UpdateRoomKey, Kind.SendRoomKey, Kind.SendRoomKey);
        h.DeliverAll();
        h.Events("alice").Should().Contain(new E2eeChanged("alice", "r", true, "alice"), "the owner's device learns the room's state from the server too");
        h["alice"].Rooms["r"].E2eeOn.Should().BeTrue();

        h.Server.Sessions["r"].Should().Match<RoomSession>(s => s.E2eeOn && s.Generation == 1);
        h.Events("alice").Should().Contain(new RoomKeyReplaced("alice", "r", 1));
        foreach (string member in new[] { "bob", "carol" })
        {
            h.Events(member).Should().Contain(new E2eeChanged(member, "r", true, "alice")).And.Contain(new RoomKeyReceived(member, "r", "alice", 1));
            h[member].Rooms["r"].E2eeOn.Should().BeTrue();
        }

        h.Say("alice", "r", "now encrypted");
        h.Say("bob", "r", "me too");
        h.DeliverAll();
        h.Events("carol").OfType<TextReceived>().Should().OnlyContain(t => t.Encrypted && t.Generation == 1).And.HaveCount(2);
        h.Events("carol").OfType<PlaintextInE2eeRoom>().Should().BeEmpty();
        h.Read("bob").Should().Equal("now encrypted");
        h.Read("alice").Should().Equal("me too");
    }

    [Test]
    public void After_e2eeize_the_owner_admits_a_joiner_with_the_new_room_key()
    {
        RoomHarness h = RoomHarness.WithRoom("r", false, "alice", "bob");
        h.Do("alice", new SetE2ee("r", true));
        h.DeliverAll();
        h.Register("carol");

        h.Do("carol", new RequestJoin("r"));
        h.DeliverAll();
        h.Do("alice", new ApproveJoin("r", "carol"));
        h.DeliverAll();

        h.ServerRefusals("alice").Should().BeEmpty();
        h.Events("carol").Should().Contain(new JoinedRoom("carol", "r", "alice", true, 1));
        h.Say("bob", "r", "hello carol");
        h.DeliverAll();
        h.Read("carol").Should().Equal("hello carol");
    }

    [Test]
    public void Dee2eeize_tells_the_members_and_every_text_goes_in_the_clear()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "bob");

        h.Do("alice", new SetE2ee("r", false)).Requests.Should().ContainSingle().Which.Dee2EeizeSession.SessionId.Should().Be("r");
        h.Queue.Should().ContainSingle(n => n.To == "bob").Which.E2EeStatus.Should().Be(new E2eeStatusNotification { SessionId = "r", E2EeOn = false, By = "alice" });
        h.DeliverAll();

        h.Server.Sessions["r"].E2eeOn.Should().BeFalse();
        h.Events("bob").Should().Contain(new E2eeChanged("bob", "r", false, "alice"));
        h["alice"].Rooms["r"].E2eeOn.Should().BeFalse("the owner's device is told too");
        h.Say("alice", "r", "owner in the clear");
        h.Say("bob", "r", "member in the clear");
        h.Requests.TakeLast(2).Select(r => r.SendMessage.Message.Encrypted).Should().Equal(false, false);
        h.DeliverAll();
        h.Read("bob").Should().Equal("owner in the clear");
        h.Read("alice").Should().Equal("member in the clear");
        h.Events("bob").OfType<TextReceived>().Single().Encrypted.Should().BeFalse();
    }

    [Test]
    public void A_member_who_is_not_the_owner_is_refused_e2eeize_dee2eeize_and_removal()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "bob", "carol");

        h.Do("bob", new SetE2ee("r", false));
        h.Do("bob", new SetE2ee("r", true));
        h.Do("bob", new RemoveMember("r", "carol"));
        h.Queue.Select(n => n.Refused).Should().Equal(
            new RequestRefused { Request = "dee2eeize_session", Code = ServerRefusal.NotOwner, SessionId = "r" },
            new RequestRefused { Request = "e2eeize_session", Code = ServerRefusal.NotOwner, SessionId = "r" },
            new RequestRefused { Request = "remove_session_member", Code = ServerRefusal.NotOwner, SessionId = "r" });
        h.DeliverAll();

        h.ServerRefusals("bob").Should().Equal(ServerRefusal.NotOwner, ServerRefusal.NotOwner, ServerRefusal.NotOwner);
        h.Server.Sessions["r"].Should().Match<RoomSession>(s => s.E2eeOn && s.Generation == 1 && !s.Marked && s.Members.Count == 3);
        h["carol"].Rooms.Should().ContainKey("r");
    }

    [Test]
    public void The_owner_removes_a_member_who_is_told_and_the_room_is_marked()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "bob", "carol");

        h.Do("alice", new RemoveMember("r", "carol")).Requests.Should().ContainSingle().Which.RemoveSessionMember
            .Should().Be(new RemoveSessionMemberRequest { SessionId = "r", User = "carol" });
        ServerNotification left = h.Queue.Should().ContainSingle().Subject;
        left.To.Should().Be("carol");
        left.LeftSession.Should().Be(new LeftSessionNotification { SessionId = "r", By = "alice" });
        h.DeliverAll();

        h.Events("carol").Should().Contain(new LeftRoom("carol", "r", "alice"));
        h["carol"].Rooms.Should().BeEmpty();
        h.Server.Sessions["r"].Should().Match<RoomSession>(s => s.Marked && s.Members.Count == 2);
        int toCarol = h.SentTo("carol").Count();

        h.Say("bob", "r", "carol was removed");
        h.DeliverAll();
        h.Events("alice").Should().Contain(new RoomKeyReceived("alice", "r", "bob", 2));
        h.SentTo("carol").Should().HaveCount(toCarol, "the removed member hears nothing after its LeftSessionNotification");
    }

    [Test]
    public void When_the_owner_leaves_the_longest_standing_member_becomes_owner()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "bob", "carol");

        h.Do("alice", new LeaveRoom("r"));
        h.DeliverAll();
        h.Server.Sessions["r"].Owner.Should().Be("bob");

        h.Do("bob", new SetE2ee("r", false));
        h.DeliverAll();
        h.ServerRefusals("bob").Should().BeEmpty();
        h.Server.Sessions["r"].E2eeOn.Should().BeFalse();
    }
}
