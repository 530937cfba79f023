using E2eeConformance.RoomKeys.Device;

namespace E2eeConformance.RoomKeys.Tests.Support;

/// <summary>
/// A room where one member is a generation behind (RK-22): alice, bob and carol were in "r"; carol left, so the room
/// was marked; alice spoke and replaced the room key. The room is at generation 2, alice made its key and handed it to
/// bob, and the server relayed it; that key and alice's text are still on their way to bob, whose newest key is
/// generation 1. dave is registered and in no room.
/// </summary>
internal static class BehindRoom
{
    /// <summary>The room "r" at generation 2 with bob's key of it on its way (queued, undelivered).</summary>
    public static RoomHarness BobBehindAtGenerationTwo()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "bob", "carol");
        h.Register("dave");
        h.Do("carol", new LeaveRoom("r"));
        h.DeliverAll();
        h.Say("alice", "r", "replacing");
        h.DeliverAll(n => n.To == "alice");

        h.Server.Sessions["r"].Generation.Should().Be(2);
        h.Server.Sessions["r"].KeyMaker.Should().Be("alice");
        h["alice"].Rooms["r"].Newest.Should().Be(2);
        h["bob"].Rooms["r"].Newest.Should().Be(1, "the key of generation 2 is still on its way to bob");
        return h;
    }
}
