using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Server;
using E2eeConformance.RoomKeys.Tests.Support;
using E2eeConformance.RoomKeys.Wire;
using Kind = E2eeConformance.RoomKeys.Wire.ServerNotification.NotificationOneofCase;

namespace E2eeConformance.RoomKeys.Tests.Device;

/// <summary>
/// The replacement of room_key (seed 002): a leave, or a set time since the last replacement, marks the room; the next
/// member to speak sends its message under the old generation, then gets an UpdateRoomKeyNotification and a
/// SendRoomKeyNotification per other member, makes the key of the next generation and hands it to each of them. The
/// leaver never gets it.
/// </summary>
public sealed class ReplacementTests
{
    [Test]
    public void After_a_leave_the_next_speaker_replaces_the_room_key_for_every_remaining_member()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "bob", "carol", "dave");
        h.Do("dave", new LeaveRoom("r")).Requests.Should().ContainSingle().Which.LeaveSession.SessionId.Should().Be("r");
        h.Queue.Should().ContainSingle().Which.LeftSession.Should().Be(new LeftSessionNotification { SessionId = "r", By = "dave" });
        h.DeliverAll();
        h.Events("dave").Should().Contain(new LeftRoom("dave", "r", "dave"));
        h.Server.Sessions["r"].Marked.Should().BeTrue();
        h.Server.Sessions["r"].Members.Should().Equal("alice", "bob", "carol");
        int toDave = h.SentTo("dave").Count();

        h.Say("bob", "r", "still generation 1");
        h.Requests.Last().SendMessage.Message.Generation.Should().Be(1, "the speaker's message goes under the old generation");
        h.Queue.Select(n => (n.To, n.NotificationCase)).Should().Equal(
            ("alice", Kind.Message), ("carol", Kind.Message), ("bob", Kind.UpdateRoomKey), ("bob", Kind.SendRoomKey), ("bob", Kind.SendRoomKey));
        h.Queue[2].UpdateRoomKey.Should().Be(new UpdateRoomKeyNotification { SessionId = "r", Generation = 2 });
        h.Queue.Skip(3).Select(n => n.SendRoomKey).Should().Equal(
            new SendRoomKeyNotification { SessionId = "r", Generation = 2, User = "alice", PublicKey = RoomHarness.PublicKeyOf("alice") },
            new SendRoomKeyNotification { SessionId = "r", Generation = 2, User = "carol", PublicKey = RoomHarness.PublicKeyOf("carol") });
        h.DeliverAll();

        h.Events("bob").Should().Contain(new RoomKeyReplaced("bob", "r", 2));
        h.Requests.Where(r => r.RequestCase == ServerRequest.RequestOneofCase.SendRoomKey).Select(r => (r.From, r.SendRoomKey.User, r.SendRoomKey.Generation))
            .Should().Equal(("bob", "alice", 2u), ("bob", "carol", 2u));
        foreach (string member in new[] { "alice", "carol" })
        {
            h.Events(member).Should().Contain(new RoomKeyReceived(member, "r", "bob", 2));
            h.Read(member).Should().Equal("still generation 1");
            h[member].Rooms["r"].Keys.Keys.Should().Equal(1u, 2u);
        }

        h.Server.Sessions["r"].Generation.Should().Be(2);
        h.Server.Sessions["r"].Marked.Should().BeFalse();

        h.Say("alice", "r", "generation 2");
        h.DeliverAll();
        h.Events("bob").OfType<TextReceived>().Last().Generation.Should().Be(2);
        h.Read("carol").Should().Equal("still generation 1", "generation 2");

        h.SentTo("dave").Should().HaveCount(toDave, "the server sends the leaver nothing more");
        h["dave"].Rooms.Should().BeEmpty();
        h.Events("dave").OfType<RoomKeyReceived>().Should().NotContain(e => e.Generation == 2);
    }

    [Test]
    public void The_leaver_handed_a_text_of_the_room_anyway_refuses_it_as_not_a_member()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "bob", "carol");
        h.Do("carol", new LeaveRoom("r"));
        h.DeliverAll();
        h.Say("alice", "r", "carol is gone");
        h.DeliverAll();
        h.Say("alice", "r", "under generation 2");
        ServerNotification toBob = h.Queue.Single(n => n.To == "bob");

        ServerNotification misrouted = toBob.Clone();
        misrouted.To = "carol";
        h.ExpectRefused("carol", new Delivered(misrouted), "not_a_member");
        h.DeliverAll();
        h.Read("bob").Should().Equal("carol is gone", "under generation 2");
    }

    [Test]
    public void The_set_time_since_the_last_replacement_marks_the_room_and_not_a_moment_before()
    {
        const long ReplaceAfterMs = 60_000;
        RoomHarness h = RoomHarness.WithRoom(new RoomServerPolicy(ReplaceAfterMs), "r", true, "alice", "bob");
        long created = h.Server.Sessions["r"].ReplacedAtMs;

        h.Now = created + ReplaceAfterMs - 1;
        h.Say("alice", "r", "just in time");
        h.Queue.Should().ContainSingle().Which.NotificationCase.Should().Be(Kind.Message);
        h.DeliverAll();
        h.Server.Sessions["r"].Generation.Should().Be(1);

        h.Now = created + ReplaceAfterMs;
        h.Say("bob", "r", "time is up");
        h.Requests.Last().SendMessage.Message.Generation.Should().Be(1);
        h.Queue.Select(n => (n.To, n.NotificationCase)).Should().Equal(("alice", Kind.Message), ("bob", Kind.UpdateRoomKey), ("bob", Kind.SendRoomKey));
        h.DeliverAll();
        h.Events("alice").Should().Contain(new RoomKeyReceived("alice", "r", "bob", 2));
        h.Server.Sessions["r"].ReplacedAtMs.Should().Be(h.Now);

        h.Now += ReplaceAfterMs - 1;
        h.Say("alice", "r", "the clock restarted");
        h.Queue.Should().ContainSingle().Which.NotificationCase.Should().Be(Kind.Message);
        h.DeliverAll();
        h.Events("bob").OfType<TextReceived>().Last().Generation.Should().Be(2);
        h.Read("bob").Should().Equal("just in time", "the clock restarted");
    }

    [Test]
    public void A_room_in_the_clear_is_never_marked()
    {
        RoomHarness h = RoomHarness.WithRoom(new RoomServerPolicy(1), "r", false, "alice", "bob", "carol");
        h.Do("carol", new LeaveRoom("r"));
        h.DeliverAll();
        h.Now += 10;

        h.Say("alice", "r", "plain");
        h.Queue.Should().ContainSingle().Which.NotificationCase.Should().Be(Kind.Message);
        h.Server.Sessions["r"].Should().Match<RoomSession>(s => !s.Marked && s.Generation == 0);
    }
}
