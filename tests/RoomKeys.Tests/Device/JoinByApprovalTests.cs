using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Server;
using E2eeConformance.RoomKeys.Tests.Support;
using E2eeConformance.RoomKeys.Wire;

namespace E2eeConformance.RoomKeys.Tests.Device;

/// <summary>
/// Join by approval (seed 002, "Accept a user to join"): join_session → a JoinSessionApproval with the joiner's public
/// key to every member (RK-8) → a member approves (allow_user_join_session, the room key encrypted to that key) →
/// AllowUserJoinSessionNotification → the joiner reads the room's encrypted texts.
/// </summary>
public sealed class JoinByApprovalTests
{
    [Test]
    public void A_joiner_approved_by_a_member_gets_the_room_key_and_reads_an_encrypted_text()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "carol");
        h.Register("bob");
        h.Do("bob", new RequestJoin("r")).Requests.Should().ContainSingle().Which.JoinSession.SessionId.Should().Be("r");
        h["bob"].Joining.Should().Equal("r");

        h.Queue.Select(n => n.To).Should().Equal("alice", "carol");
        foreach (ServerNotification n in h.Queue)
        {
            n.JoinSessionApproval.Should().Be(new JoinSessionApproval { SessionId = "r", User = "bob", PublicKey = RoomHarness.PublicKeyOf("bob") });
        }

        h.DeliverAll();
        h.Events("alice").Should().Contain(new JoinRequested("alice", "r", "bob"));
        h.Events("carol").Should().Contain(new JoinRequested("carol", "r", "bob"));

        DeviceStep approval = h.Do("alice", new ApproveJoin("r", "bob"));
        AllowUserJoinSessionRequest allow = approval.Requests.Should().ContainSingle().Which.AllowUserJoinSession;
        (allow.SessionId, allow.User, allow.Generation).Should().Be(("r", "bob", 1u));
        allow.RoomKey.Length.Should().Be(RoomHarness.Bits / 8, "the room key is wrapped to bob's 2048-bit key");
        AllowUserJoinSessionNotification admitted = h.Queue.Should().ContainSingle().Which.AllowUserJoinSession;
        (admitted.By, admitted.Generation, admitted.E2EeOn).Should().Be(("alice", 1u, true));
        admitted.RoomKey.Should().Equal(allow.RoomKey);
        h.DeliverAll();

        h.Events("bob").Should().Contain(new JoinedRoom("bob", "r", "alice", true, 1));
        h["bob"].Joining.Should().BeEmpty();
        h["bob"].Rooms["r"].Keys.Keys.Should().Equal(1u);
        h.Server.Sessions["r"].Members.Should().Equal("alice", "carol", "bob");

        h.Say("alice", "r", "welcome bob");
        h.DeliverAll();
        h.Read("bob").Should().Equal("welcome bob");
        h.Events("bob").OfType<TextReceived>().Single().Should().Match<TextReceived>(t => t.Encrypted && t.Generation == 1 && t.From == "alice");
        h.Read("carol").Should().Equal("welcome bob");
    }

    [Test]
    public void Approving_a_user_who_did_not_ask_is_refused_with_no_join_request_and_changes_nothing()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice");

        h.ExpectRefused("alice", new ApproveJoin("r", "bob"), "no_join_request");
        h.Queue.Should().BeEmpty();
    }

    [Test]
    public void A_second_approval_of_the_same_joiner_is_refused_by_the_server_with_already_member()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "carol");
        h.Register("bob");
        h.Do("bob", new RequestJoin("r"));
        h.DeliverAll();
        h.Do("alice", new ApproveJoin("r", "bob"));
        h.DeliverAll();

        h.Do("carol", new ApproveJoin("r", "bob"));
        h.Queue.Should().ContainSingle().Which.Refused.Should().Be(new RequestRefused { Request = "allow_user_join_session", Code = ServerRefusal.AlreadyMember, SessionId = "r" });
        h.DeliverAll();

        h.ServerRefusals("carol").Should().Equal(ServerRefusal.AlreadyMember);
        h.SentTo("bob").Count(n => n.NotificationCase == ServerNotification.NotificationOneofCase.AllowUserJoinSession).Should().Be(1);
        h.Server.Sessions["r"].Members.Should().Equal("alice", "carol", "bob");
    }

    [Test]
    public void A_joiner_of_a_room_in_the_clear_is_admitted_without_a_key_and_reads_texts_in_the_clear()
    {
        RoomHarness h = RoomHarness.WithRoom("r", false, "alice", "bob");

        h.Sent.Single(n => n.NotificationCase == ServerNotification.NotificationOneofCase.AllowUserJoinSession).AllowUserJoinSession.Should()
            .Match<AllowUserJoinSessionNotification>(a => a.Generation == 0 && a.RoomKey.IsEmpty && !a.E2EeOn);
        h.Events("bob").Should().Contain(new JoinedRoom("bob", "r", "alice", false, 0));
        h["bob"].Rooms["r"].Keys.Should().BeEmpty();

        h.Say("alice", "r", "hello in the clear");
        h.Requests.Last().SendMessage.Message.Should().Match<RoomMessage>(m => !m.Encrypted && m.Generation == 0 && m.Body.ToStringUtf8() == "hello in the clear");
        h.DeliverAll();
        h.Read("bob").Should().Equal("hello in the clear");
        h.Events("bob").OfType<PlaintextInE2eeRoom>().Should().BeEmpty("the room is not end-to-end encrypted");
    }

    [Test]
    public void A_refused_join_request_leaves_the_device_waiting_for_nothing()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice");
        h.Register("bob");

        h.Do("bob", new RequestJoin("nowhere"));
        h["bob"].Joining.Should().Equal("nowhere");
        h.DeliverAll();

        h.ServerRefusals("bob").Should().Equal(ServerRefusal.NoSuchSession);
        h["bob"].Joining.Should().BeEmpty();
    }
}
