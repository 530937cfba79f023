using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Server;
using E2eeConformance.RoomKeys.Tests.Support;
using E2eeConformance.RoomKeys.Wire;
using Kind = E2eeConformance.RoomKeys.Wire.ServerNotification.NotificationOneofCase;

namespace E2eeConformance.RoomKeys.Tests.Device;

/// <summary>
/// RK-23: a replacement that a newer one overtook. alice is asked to replace the room key to generation 2, but before
/// her device sees it bob replaces to generation 3 and hands her that key. The late UpdateRoomKeyNotification and
/// SendRoomKeyNotification of generation 2 are ignored: a ReplacementSuperseded event, no key made, no request, no
/// refusal, the state exactly as it was.
/// </summary>
public sealed class SupersededReplacementTests
{
    private const long ReplaceAfterMs = 60_000;

    [Test]
    public void A_late_update_of_an_overtaken_generation_is_ignored()
    {
        (RoomHarness h, ServerNotification update, _) = AliceHoldsGenerationThree();

        ExpectSuperseded(h, update);
    }

    [Test]
    public void A_late_send_room_key_of_an_overtaken_generation_is_ignored()
    {
        (RoomHarness h, _, ServerNotification sendKey) = AliceHoldsGenerationThree();

        ExpectSuperseded(h, sendKey);
    }

    [Test]
    public void Both_late_notifications_in_a_row_leave_the_room_at_generation_three_for_everyone()
    {
        (RoomHarness h, ServerNotification update, ServerNotification sendKey) = AliceHoldsGenerationThree();

        ExpectSuperseded(h, update);
        ExpectSuperseded(h, sendKey);
        h.Say("alice", "r", "under generation 3");
        h.DeliverAll();

        h.Events("bob").OfType<TextReceived>().Last().Generation.Should().Be(3);
        h.Events("bob").OfType<RoomKeyReceived>().Should().NotContain(k => k.Generation == 2, "nobody made the key of generation 2");
        h.Refusals("bob").Should().BeEmpty();
    }

    private static void ExpectSuperseded(RoomHarness h, ServerNotification late)
    {
        byte[] before = h.Stored("alice");

        DeviceStep step = h.Deliver(late)!;

        step.Requests.Should().BeEmpty("nobody needs the key of an overtaken generation");
        step.Events.Should().Equal(new ReplacementSuperseded("alice", "r", 2, 3));
        h.Stored("alice").Should().Equal(before, "an ignored replacement changes nothing");
        h["alice"].Rooms["r"].Keys.Keys.Should().Equal(3u);
    }

    /// <summary>
    /// alice speaks after the key period ran out (the room goes to generation 2, her notifications held back); bob, still
    /// at generation 1, speaks in the clear after the next period ran out and replaces to generation 3; everything but
    /// alice's two notifications of generation 2 is delivered.
    /// </summary>
    private static (RoomHarness H, ServerNotification Update, ServerNotification SendKey) AliceHoldsGenerationThree()
    {
        RoomHarness h = RoomHarness.WithRoom(new RoomServerPolicy(ReplaceAfterMs), "r", true, "alice", "bob");
        h.Now += ReplaceAfterMs;
        h.Say("alice", "r", "replace to 2");
        ServerNotification update = h.Take("alice", Kind.UpdateRoomKey);
        ServerNotification sendKey = h.Take("alice", Kind.SendRoomKey);
        update.UpdateRoomKey.Generation.Should().Be(2);
        sendKey.SendRoomKey.Should().Match<SendRoomKeyNotification>(s => s.Generation == 2 && s.User == "bob");
        h.DeliverAll();

        h.Now += ReplaceAfterMs;
        h.Say("bob", "r", "replace to 3", encrypt: false); // in the clear: bob's newest key (1) is behind, RK-25 lets only such a text replace
        h.Requests.Last().SendMessage.Message.Encrypted.Should().BeFalse();
        h.DeliverAll();

        h.Server.Sessions["r"].Generation.Should().Be(3);
        h.Events("alice").Should().Contain(new RoomKeyReceived("alice", "r", "bob", 3));
        h.Read("alice").Should().Equal("replace to 3");
        return (h, update, sendKey);
    }
}
