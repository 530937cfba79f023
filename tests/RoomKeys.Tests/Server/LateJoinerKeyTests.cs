using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Tests.Support;
using E2eeConformance.RoomKeys.Wire;
using Kind = E2eeConformance.RoomKeys.Wire.ServerNotification.NotificationOneofCase;

namespace E2eeConformance.RoomKeys.Tests.Server;

/// <summary>
/// RK-22, the late joiner: a member whose newest key is still the generation before the current one (the replacement
/// is on its way to it) admits a joiner under that older key, by approval or by invitation. The replacement went out
/// before the joiner was a member, so the server relays the older key and asks the current key's maker to send the
/// joiner the current one (SendRoomKeyNotification); the joiner ends with both and reads under the current one.
/// </summary>
public sealed class LateJoinerKeyTests
{
    [Test]
    public void A_joiner_approved_under_the_older_key_is_sent_the_current_one_by_its_maker()
    {
        RoomHarness h = BehindRoom.BobBehindAtGenerationTwo();
        h.Do("dave", new RequestJoin("r"));
        h.Deliver(h.Take("bob", Kind.JoinSessionApproval));

        int mark = h.Sent.Count;
        AllowUserJoinSessionRequest allow = h.Do("bob", new ApproveJoin("r", "dave")).Requests.Should().ContainSingle().Which.AllowUserJoinSession;
        allow.Generation.Should().Be(1, "bob's newest key is still generation 1");

        List<ServerNotification> caused = [.. h.Sent.Skip(mark)];
        caused.Select(n => (n.To, n.NotificationCase)).Should().Equal(("dave", Kind.AllowUserJoinSession), ("alice", Kind.SendRoomKey));
        caused[0].AllowUserJoinSession.Should().Be(new AllowUserJoinSessionNotification { SessionId = "r", By = "bob", Generation = 1, RoomKey = allow.RoomKey, E2EeOn = true });
        caused[1].SendRoomKey.Should().Be(new SendRoomKeyNotification { SessionId = "r", Generation = 2, User = "dave", PublicKey = RoomHarness.PublicKeyOf("dave") });

        ExpectDaveReadsUnderGenerationTwo(h, admittedBy: "bob");
    }

    [Test]
    public void An_invitee_handed_the_older_key_by_its_inviter_is_sent_the_current_one_by_its_maker()
    {
        RoomHarness h = BehindRoom.BobBehindAtGenerationTwo();
        h.Do("bob", new Invite("r", "dave"));
        h.Deliver(h.Take("dave", Kind.InviteUserToSession));

        int mark = h.Sent.Count;
        SendRoomKeyRequest handed = h.Deliver(h.Take("bob", Kind.AcceptSession))!.Requests.Should().ContainSingle().Which.SendRoomKey;
        (handed.User, handed.Generation).Should().Be(("dave", 1u));

        List<ServerNotification> caused = [.. h.Sent.Skip(mark)];
        caused.Select(n => (n.To, n.NotificationCase)).Should().Equal(("dave", Kind.ReceiveRoomKey), ("alice", Kind.SendRoomKey));
        caused[0].ReceiveRoomKey.Should().Be(new ReceiveRoomKeyNotification { SessionId = "r", From = "bob", Generation = 1, RoomKey = handed.RoomKey });
        caused[1].SendRoomKey.Should().Be(new SendRoomKeyNotification { SessionId = "r", Generation = 2, User = "dave", PublicKey = RoomHarness.PublicKeyOf("dave") });

        ExpectDaveReadsUnderGenerationTwo(h, admittedBy: "bob");
    }

    [Test]
    public void A_joiner_admitted_under_the_current_key_is_asked_for_nothing_more()
    {
        RoomHarness h = BehindRoom.BobBehindAtGenerationTwo();
        h.Do("dave", new RequestJoin("r"));
        h.Deliver(h.Take("alice", Kind.JoinSessionApproval));

        int mark = h.Sent.Count;
        h.Do("alice", new ApproveJoin("r", "dave")).Requests.Should().ContainSingle().Which.AllowUserJoinSession.Generation.Should().Be(2);

        h.Sent.Skip(mark).Should().ContainSingle().Which.NotificationCase.Should().Be(Kind.AllowUserJoinSession);
        h.DeliverAll();
        h["dave"].Rooms["r"].Keys.Keys.Should().Equal(2u);
        h.Refusals("dave").Should().BeEmpty();
    }

    private static void ExpectDaveReadsUnderGenerationTwo(RoomHarness h, string admittedBy)
    {
        h.DeliverAll();

        h.Events("dave").OfType<RoomKeyReceived>().Should().Contain(new RoomKeyReceived("dave", "r", "alice", 2));
        h.Events("dave").OfType<JoinedRoom>().Should().ContainSingle().Which.By.Should().Be(admittedBy);
        h["dave"].Rooms["r"].Keys.Keys.Should().Equal(1u, 2u);
        h.Refusals("dave").Should().BeEmpty();
        h.SentTo("alice").Count(n => n.NotificationCase == Kind.SendRoomKey && n.SendRoomKey.User == "dave").Should().Be(1, "dave is asked for once");

        h.Say("bob", "r", "under generation 2");
        h.DeliverAll();
        h.Events("dave").OfType<TextReceived>().Should().ContainSingle()
            .Which.Should().Match<TextReceived>(t => t.Generation == 2 && t.From == "bob" && t.Encrypted);
        h.Read("dave").Should().Equal("under generation 2");
    }
}
