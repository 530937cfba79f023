using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Server;
using E2eeConformance.RoomKeys.Tests.Support;
using E2eeConformance.RoomKeys.Wire;
using Kind = E2eeConformance.RoomKeys.Wire.ServerNotification.NotificationOneofCase;

namespace E2eeConformance.RoomKeys.Tests.Server;

/// <summary>
/// RK-24, the server side: a member that leaves hands nothing on, so the server finds someone else. The maker of a
/// generation that nobody got yet is replaced by the longest-standing member, which makes that same generation again;
/// a key the leaver was asked to hand on is asked of another member that holds it; an invitee the leaving inviter was
/// told about gets the key from the current key's maker. The leaver gets nothing but its LeftSessionNotification.
/// </summary>
public sealed class LeaverKeyHandOverTests
{
    [Test]
    public void A_maker_that_leaves_before_handing_its_key_on_is_replaced_by_the_longest_standing_member_at_the_same_generation()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "bob", "carol", "dave");
        h.Do("dave", new LeaveRoom("r"));
        h.DeliverAll();
        h.Say("bob", "r", "bob replaces");
        h.Server.Sessions["r"].Should().Match<RoomSession>(s => s.Generation == 2 && s.KeyMaker == "bob");

        int mark = h.Sent.Count;
        h.Do("bob", new LeaveRoom("r"));

        List<ServerNotification> caused = [.. h.Sent.Skip(mark)];
        caused.Select(n => (n.To, n.NotificationCase)).Should().Equal(("bob", Kind.LeftSession), ("alice", Kind.UpdateRoomKey), ("alice", Kind.SendRoomKey));
        caused[1].UpdateRoomKey.Should().Be(new UpdateRoomKeyNotification { SessionId = "r", Generation = 2 });
        caused[2].SendRoomKey.Should().Be(new SendRoomKeyNotification { SessionId = "r", Generation = 2, User = "carol", PublicKey = RoomHarness.PublicKeyOf("carol") });
        h.Server.Sessions["r"].Should().Match<RoomSession>(s => s.Generation == 2 && s.KeyMaker == "alice" && !s.Marked);

        int toBob = h.SentTo("bob").Count();
        h.DeliverAll();
        h.Events("bob").OfType<RoomKeyReplaced>().Should().BeEmpty("bob's device was leaving when its replacement came");
        h.Events("alice").Should().Contain(new RoomKeyReplaced("alice", "r", 2));
        h.Events("carol").Should().Contain(new RoomKeyReceived("carol", "r", "alice", 2));
        h["carol"].Rooms["r"].Keys[2].Bytes.Should().Equal(h["alice"].Rooms["r"].Keys[2].Bytes);
        h.Read("alice").Should().Equal("bob replaces");
        h.Read("carol").Should().Equal("bob replaces");

        h.Say("carol", "r", "under the new generation 2");
        h.DeliverAll();
        h.Events("alice").OfType<TextReceived>().Last().Generation.Should().Be(2);
        h.SentTo("bob").Should().HaveCount(toBob, "the leaver is sent nothing more");
        AllRefusals(h, "alice", "carol").Should().BeEmpty();
    }

    [Test]
    public void A_maker_whose_key_was_handed_on_leaves_and_the_generation_stays()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "bob", "carol", "dave");
        h.Do("dave", new LeaveRoom("r"));
        h.DeliverAll();
        h.Say("bob", "r", "bob replaces");
        h.DeliverAll();

        int mark = h.Sent.Count;
        h.Do("bob", new LeaveRoom("r"));

        h.Sent.Skip(mark).Should().ContainSingle().Which.NotificationCase.Should().Be(Kind.LeftSession);
        h.Server.Sessions["r"].Should().Match<RoomSession>(s => s.Generation == 2 && s.Marked);
    }

    [Test]
    public void A_member_asked_to_hand_a_key_on_leaves_and_another_holder_is_asked()
    {
        RoomHarness h = BehindRoom.BobBehindAtGenerationTwo();
        h.Do("dave", new RequestJoin("r"));
        h.Deliver(h.Take("alice", Kind.JoinSessionApproval));
        h.Do("alice", new ApproveJoin("r", "dave"));
        h.Deliver(h.Take("dave", Kind.AllowUserJoinSession));
        h.Say("bob", "r", "under generation 1");
        h.Queue.Should().Contain(n => n.To == "bob" && n.NotificationCase == Kind.SendRoomKey && n.SendRoomKey.User == "dave" && n.SendRoomKey.Generation == 1);

        int mark = h.Sent.Count;
        h.Do("bob", new LeaveRoom("r"));

        List<ServerNotification> caused = [.. h.Sent.Skip(mark)];
        caused.Select(n => (n.To, n.NotificationCase)).Should().Equal(("bob", Kind.LeftSession), ("alice", Kind.SendRoomKey));
        caused[1].SendRoomKey.Should().Be(new SendRoomKeyNotification { SessionId = "r", Generation = 1, User = "dave", PublicKey = RoomHarness.PublicKeyOf("dave") });

        h.DeliverAll();
        h.Requests.Where(r => r.From == "bob" && r.RequestCase == ServerRequest.RequestOneofCase.SendRoomKey).Should().BeEmpty();
        h.Events("dave").Should().ContainInOrder(new MessageHeld("dave", "r", "bob", 1), new RoomKeyReceived("dave", "r", "alice", 1));
        h.Read("dave").Should().Equal("under generation 1");
        AllRefusals(h, "alice", "dave").Should().BeEmpty();
    }

    [Test]
    public void An_inviter_that_leaves_before_handing_the_key_on_has_the_current_keys_maker_asked()
    {
        const long ReplaceAfterMs = 60_000;
        RoomHarness h = RoomHarness.WithRoom(new RoomServerPolicy(ReplaceAfterMs), "r", true, "alice", "bob", "carol");
        h.Register("dave");
        h.Now += ReplaceAfterMs;
        h.Say("carol", "r", "carol replaces");
        h.DeliverAll();
        h.Server.Sessions["r"].Should().Match<RoomSession>(s => s.Generation == 2 && s.KeyMaker == "carol" && s.Owner == "alice");
        h.Do("bob", new Invite("r", "dave"));
        h.Deliver(h.Take("dave", Kind.InviteUserToSession));
        h.Queue.Should().ContainSingle().Which.Should().Match<ServerNotification>(n => n.To == "bob" && n.NotificationCase == Kind.AcceptSession);

        int mark = h.Sent.Count;
        h.Do("bob", new LeaveRoom("r"));

        List<ServerNotification> caused = [.. h.Sent.Skip(mark)];
        caused.Select(n => (n.To, n.NotificationCase)).Should().Equal(("bob", Kind.LeftSession), ("carol", Kind.SendRoomKey));
        caused[1].SendRoomKey.Should().Be(new SendRoomKeyNotification { SessionId = "r", Generation = 2, User = "dave", PublicKey = RoomHarness.PublicKeyOf("dave") });

        h.DeliverAll();
        h.Requests.Where(r => r.From == "bob" && r.RequestCase == ServerRequest.RequestOneofCase.SendRoomKey).Should().BeEmpty();
        h.Events("dave").OfType<RoomKeyReceived>().Should().Equal(new RoomKeyReceived("dave", "r", "carol", 2));
        h.Say("alice", "r", "welcome dave");
        h.DeliverAll();
        h.Read("dave").Should().Equal("welcome dave");
        AllRefusals(h, "alice", "carol", "dave").Should().BeEmpty();
    }

    [Test]
    public void A_maker_replaced_at_its_generation_still_has_the_older_keys_it_was_to_hand_on_asked_of_another_holder()
    {
        const long ReplaceAfterMs = 60_000;
        RoomHarness h = RoomHarness.WithRoom(new RoomServerPolicy(ReplaceAfterMs), "r", true, "alice", "bob");
        h.Register("dave");
        h.Do("bob", new Invite("r", "dave"));
        h.Deliver(h.Take("dave", Kind.InviteUserToSession));
        h.Now += ReplaceAfterMs;
        h.Say("bob", "r", "under generation 1");
        h.Server.Sessions["r"].Should().Match<RoomSession>(s => s.Generation == 2 && s.KeyMaker == "bob");

        int mark = h.Sent.Count;
        h.Do("bob", new LeaveRoom("r"));

        List<ServerNotification> caused = [.. h.Sent.Skip(mark)];
        caused.Select(n => (n.To, n.NotificationCase)).Should().Equal(
            ("bob", Kind.LeftSession), ("alice", Kind.UpdateRoomKey), ("alice", Kind.SendRoomKey), ("alice", Kind.SendRoomKey));
        caused.Skip(2).Select(n => (n.SendRoomKey.User, n.SendRoomKey.Generation)).Should().BeEquivalentTo(new[] { ("dave", 2u), ("dave", 1u) });

        h.DeliverAll();
        h.Requests.Where(r => r.From == "bob" && r.RequestCase == ServerRequest.RequestOneofCase.SendRoomKey).Should().BeEmpty();
        h.Read("dave").Should().Equal("under generation 1");
        h["dave"].Rooms["r"].Keys.Keys.Should().Equal(1u, 2u);
        h["dave"].Rooms["r"].Held.Should().BeEmpty();
        AllRefusals(h, "alice", "dave").Should().BeEmpty();
    }

    private static List<string> AllRefusals(RoomHarness h, params string[] users) =>
        [.. users.SelectMany(u => h.Refusals(u).Concat(h.ServerRefusals(u)).Select(code => $"{u}: {code}"))];
}
