using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Tests.Support;
using Kind = E2eeConformance.RoomKeys.Wire.ServerNotification.NotificationOneofCase;

namespace E2eeConformance.RoomKeys.Tests.Device;

/// <summary>
/// RK-24, the device side: once it asked to leave, a device sends nothing to the room and hands no key on until the
/// server's LeftSessionNotification — its texts and approvals are refused (<c>not_a_member</c>, state unchanged), the
/// replacement, key requests and invitee it was told about before leaving are ignored — yet it still reads a text that
/// was in flight. The mark survives a restart; after LeftSessionNotification the room is gone.
/// </summary>
public sealed class LeavingDeviceTests
{
    [Test]
    public void A_leaving_device_refuses_texts_approvals_and_a_second_leave_with_not_a_member()
    {
        RoomHarness h = BobLeavingWithWorkInFlight();

        h.ExpectRefused("bob", new SendRoomText("r", [1, 2, 3]), "not_a_member");
        h.ExpectRefused("bob", new ApproveJoin("r", "dave"), "not_a_member");
        h.ExpectRefused("bob", new Invite("r", "frank"), "not_a_member");
        h.ExpectRefused("bob", new LeaveRoom("r"), "not_a_member");
        h["bob"].Rooms["r"].JoinRequests.Should().ContainKey("dave");
    }

    [Test]
    public void A_leaving_device_hands_no_key_on_and_makes_no_replacement()
    {
        RoomHarness h = BobLeavingWithWorkInFlight();

        foreach (Kind kind in new[] { Kind.UpdateRoomKey, Kind.SendRoomKey, Kind.AcceptSession })
        {
            byte[] before = h.Stored("bob");
            DeviceStep step = h.Deliver(h.Take("bob", kind))!;

            step.Requests.Should().BeEmpty($"a leaving device answers no {kind}");
            step.Events.Should().BeEmpty($"a {kind} to a leaving device is dropped, not refused");
            h.Stored("bob").Should().Equal(before);
        }

        h["bob"].Rooms["r"].Keys.Keys.Should().Equal([1u], "bob made no key of generation 2");
    }

    [Test]
    public void A_leaving_device_still_reads_a_text_in_flight_and_after_the_left_notification_the_room_is_gone()
    {
        RoomHarness h = BobLeavingWithWorkInFlight();
        int bobsRequests = h.Requests.Count(r => r.From == "bob");

        h.DeliverAll(n => n.To == "bob" && n.NotificationCase != Kind.LeftSession);
        h.Read("bob").Should().Equal("in flight");
        h["bob"].Rooms.Should().ContainKey("r");

        h.Deliver(h.Take("bob", Kind.LeftSession))!.Events.Should().Equal(new LeftRoom("bob", "r", "bob"));
        h["bob"].Rooms.Should().BeEmpty();
        h.Requests.Count(r => r.From == "bob").Should().Be(bobsRequests, "nothing left bob's device after it asked to leave");
        h.Refusals("bob").Should().BeEmpty();
        h.ExpectRefused("bob", new SendRoomText("r", [1]), "not_a_member");
    }

    [Test]
    public void The_leaving_mark_survives_a_restart()
    {
        RoomHarness h = BobLeavingWithWorkInFlight();
        byte[] stored = h.Stored("bob");

        h.Restart("bob");

        h.Stored("bob").Should().Equal(stored);
        h["bob"].Rooms["r"].Leaving.Should().BeTrue();
        h.ExpectRefused("bob", new SendRoomText("r", [1]), "not_a_member");
        h.Deliver(h.Take("bob", Kind.SendRoomKey))!.Requests.Should().BeEmpty();
    }

    [Test]
    public void A_device_that_has_not_asked_to_leave_is_not_marked()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "bob");

        h["bob"].Rooms["r"].Leaving.Should().BeFalse();
        DeviceStateCodec.Decode(h.Stored("bob")).Rooms["r"].Leaving.Should().BeFalse();
    }

    /// <summary>
    /// alice, bob and carol in "r"; carol left (marked). dave asked to join and bob has the request; bob spoke and was
    /// asked to replace (UpdateRoomKeyNotification, SendRoomKeyNotification for alice); bob invited erin, who accepted
    /// (AcceptSessionNotification to bob); alice sent a text under generation 1. Then bob asked to leave — with all of
    /// that still queued for his device, his LeftSessionNotification last.
    /// </summary>
    private static RoomHarness BobLeavingWithWorkInFlight()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "bob", "carol");
        h.Register("dave", "erin", "frank");
        h.Do("carol", new LeaveRoom("r"));
        h.DeliverAll();
        h.Do("dave", new RequestJoin("r"));
        h.Deliver(h.Take("bob", Kind.JoinSessionApproval));
        h.Say("bob", "r", "bob replaces");
        h.Do("bob", new Invite("r", "erin"));
        h.Deliver(h.Take("erin", Kind.InviteUserToSession));
        h.Say("alice", "r", "in flight");

        h.Do("bob", new LeaveRoom("r")).Requests.Should().ContainSingle().Which.LeaveSession.SessionId.Should().Be("r");
        h["bob"].Rooms["r"].Leaving.Should().BeTrue();
        h.Queue.Where(n => n.To == "bob").Select(n => n.NotificationCase).Should().Equal(
            Kind.UpdateRoomKey, Kind.SendRoomKey, Kind.AcceptSession, Kind.Message, Kind.LeftSession);
        return h;
    }
}
