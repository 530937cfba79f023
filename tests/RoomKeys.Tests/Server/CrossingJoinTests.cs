using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Server;
using E2eeConformance.RoomKeys.Tests.Support;
using E2eeConformance.RoomKeys.Wire;

namespace E2eeConformance.RoomKeys.Tests.Server;

/// <summary>RK-27: an invitation and an approval of the same user cross; a member who is out invites nobody any more.</summary>
public sealed class CrossingJoinTests
{
    [Test]
    public void An_invitation_crossing_an_approval_leaves_the_joiner_in_with_the_key_and_no_error()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "bob");
        h.Register("dave");
        h.Do("dave", new RequestJoin("r"));
        h.DeliverAll();
        h.Do("alice", new Invite("r", "dave"));
        h.Do("bob", new ApproveJoin("r", "dave")); // the server admits dave before he accepts the invitation
        h.DeliverAll();

        h["dave"].Rooms["r"].Newest.Should().Be(1, "the admission brings the key to a device that is in by the invitation");
        h.Refusals("dave").Should().BeEmpty();
        h.ServerRefusals("dave").Should().BeEmpty("an accept from a member is nothing to refuse");
        h.Say("alice", "r", "hello dave");
        h.DeliverAll();
        h.Read("dave").Should().Equal("hello dave");
    }

    [Test]
    public void An_invitation_by_a_member_who_is_out_admits_nobody()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "mallory");
        h.Register("eve");
        h.Do("mallory", new Invite("r", "eve"));
        h.Do("alice", new RemoveMember("r", "mallory"));
        h.DeliverAll();

        h.Server.Sessions["r"].Members.Should().Equal("alice");
        h.ServerRefusals("eve").Should().Equal(ServerRefusal.NotPending);
        h.Requests.Where(r => r.From == "alice" && r.RequestCase == ServerRequest.RequestOneofCase.SendRoomKey).Should().BeEmpty("nobody hands eve a key");
    }

    [Test]
    public void A_text_claiming_a_generation_far_past_the_newest_key_is_refused_not_held()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "bob");
        byte[] before = h.Stored("bob");
        var far = new ServerNotification
        {
            To = "bob",
            Message = new MessageNotification { ServerSequence = 99, Message = new RoomMessage { SessionId = "r", Sender = "alice", Encrypted = true, Generation = 1 + RoomView.MaxGenerationsAhead + 1, Body = Google.Protobuf.ByteString.CopyFrom(new byte[40]) } },
        };

        DeviceStep step = h.Deliver(far)!;
        step.Events.Should().ContainSingle().Which.Should().BeOfType<InputRefused>().Which.Code.Should().Be("no_room_key");
        h.Stored("bob").Should().Equal(before);

        far.Message.Message.Generation = 1 + RoomView.MaxGenerationsAhead;
        h.Deliver(far)!.Events.Should().ContainSingle().Which.Should().BeOfType<MessageHeld>("a generation within reach may still come");
    }
}
