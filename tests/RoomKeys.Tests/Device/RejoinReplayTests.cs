using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Tests.Support;
using E2eeConformance.RoomKeys.Wire;

namespace E2eeConformance.RoomKeys.Tests.Device;

/// <summary>RK-28: a text read before leaving is still a replay after the device is admitted again under the same key.</summary>
public sealed class RejoinReplayTests
{
    [Test]
    public void A_text_read_before_a_leave_is_refused_as_a_replay_after_the_rejoin()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "bob", "carol");
        h.Say("alice", "r", "read once");
        ServerNotification toCarol = h.Queue.Single(n => n.To == "carol" && n.NotificationCase == ServerNotification.NotificationOneofCase.Message).Clone();
        h.DeliverAll();
        h.Read("carol").Should().Equal("read once");

        h.Do("carol", new LeaveRoom("r"));
        h.DeliverAll();
        h["carol"].Rooms.Should().NotContainKey("r");
        DeviceStateCodec.Decode(h.Stored("carol")).Departed.Should().ContainKey("r", "the read record survives a restart");

        h.Do("carol", new RequestJoin("r"));
        h.DeliverAll();
        h.Do("bob", new ApproveJoin("r", "carol")); // a leave only marks the room: bob hands carol the same key again
        h.DeliverAll();
        h["carol"].Rooms["r"].Newest.Should().Be(1);

        byte[] before = h.Stored("carol");
        DeviceStep replayed = h.Deliver(toCarol)!;
        replayed.Events.Should().ContainSingle().Which.Should().BeOfType<InputRefused>().Which.Code.Should().Be("replay");
        h.Stored("carol").Should().Equal(before);
        h.Read("carol").Should().Equal("read once");
    }
}
