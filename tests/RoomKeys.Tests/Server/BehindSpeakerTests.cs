using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Server;
using E2eeConformance.RoomKeys.Tests.Support;
using E2eeConformance.RoomKeys.Wire;

namespace E2eeConformance.RoomKeys.Tests.Server;

/// <summary>RK-25: a marked room is not replaced by a speaker whose text is under the generation before the current one.</summary>
public sealed class BehindSpeakerTests
{
    [Test]
    public void A_text_under_the_previous_generation_does_not_replace_and_every_member_reads_it()
    {
        RoomHarness h = BehindRoom.BobBehindAtGenerationTwo();
        h.Do("alice", new Invite("r", "dave"));
        h.DeliverAll(n => n.To != "bob");
        h["dave"].Rooms["r"].Newest.Should().Be(2);
        h.Do("carol", new RequestJoin("r")); // irrelevant traffic stays out of the way
        h.Server.Sessions["r"].Marked = true; // the key period is over: the next speaker would replace

        h.Say("bob", "r", "from one generation behind");
        RoomSession room = h.Server.Sessions["r"];
        room.Generation.Should().Be(2, "bob's text is under generation 1: replacing now would retire it before dave gets that key");
        room.Marked.Should().BeTrue();

        h.DeliverAll();
        h.Read("dave").Should().Contain("from one generation behind");
        h.Read("alice").Should().Contain("from one generation behind");
        h.Refusals("dave").Should().BeEmpty();

        h.Say("bob", "r", "now up to date");
        h.Server.Sessions["r"].Generation.Should().Be(3, "bob's text is under the current generation: he replaces");
    }

    [Test]
    public void A_refused_leave_leaves_the_device_in_the_room()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "bob");
        h.Do("bob", new LeaveRoom("r"));
        h["bob"].Rooms["r"].Leaving.Should().BeTrue();
        h.Requests.Clear();
        DeviceStep step = h.Deliver(new ServerNotification { To = "bob", Refused = new RequestRefused { Request = "leave_session", Code = ServerRefusal.NoSuchSession, SessionId = "r" } })!;
        step.Events.Should().ContainSingle().Which.Should().BeOfType<ServerRefused>();
        h["bob"].Rooms["r"].Leaving.Should().BeFalse();
        h.Say("bob", "r", "still here").Requests.Should().ContainSingle();
    }
}
