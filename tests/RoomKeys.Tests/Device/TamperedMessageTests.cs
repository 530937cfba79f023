using E2eeConformance.RoomKeys.Crypto;
using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Server;
using E2eeConformance.RoomKeys.Tests.Support;
using E2eeConformance.RoomKeys.Wire;
using Google.Protobuf;
using Kind = E2eeConformance.RoomKeys.Wire.ServerNotification.NotificationOneofCase;

namespace E2eeConformance.RoomKeys.Tests.Device;

/// <summary>
/// Room messages and their tampered twins (RK-3, RK-4, RK-12, RK-13, RK-14): a flipped bit is bad_tag, a cut body
/// malformed, a second delivery a replay, a generation two behind the newest retired; each refusal leaves the state as
/// it was and sends nothing. A message under a generation whose key is on its way is held and read when it arrives.
/// </summary>
public sealed class TamperedMessageTests
{
    [TestCase(0)]
    [TestCase(RoomMessageCipher.NonceLength)]
    [TestCase(-1)]
    public void A_flipped_bit_in_the_body_is_bad_tag_and_the_original_is_still_read(int at)
    {
        (RoomHarness h, ServerNotification original) = SentToBob("the original");
        byte[] body = original.Message.Message.Body.ToByteArray();
        body[at < 0 ? body.Length + at : at] ^= 0x01;

        h.ExpectRefused("bob", Twin(original, m => m.Body = ByteString.CopyFrom(body)), "bad_tag");
        h.Deliver(original);
        h.Read("bob").Should().Equal("the original");
    }

    [Test]
    public void A_message_moved_to_another_sender_is_bad_tag()
    {
        (RoomHarness h, ServerNotification original) = SentToBob("from alice");

        h.ExpectRefused("bob", Twin(original, m => m.Sender = "carol"), "bad_tag");
    }

    [TestCase(RoomMessageCipher.NonceLength + RoomMessageCipher.TagLength - 1)]
    [TestCase(RoomMessageCipher.NonceLength)]
    [TestCase(0)]
    public void A_cut_body_is_malformed(int length)
    {
        (RoomHarness h, ServerNotification original) = SentToBob("cut me");

        h.ExpectRefused("bob", Twin(original, m => m.Body = ByteString.CopyFrom(m.Body.Span[..length])), "malformed");
        h.Deliver(original);
        h.Read("bob").Should().Equal("cut me");
    }

    [Test]
    public void A_message_delivered_twice_is_a_replay_the_second_time()
    {
        (RoomHarness h, ServerNotification original) = SentToBob("once");
        h.Deliver(original.Clone());

        h.ExpectRefused("bob", new Delivered(original), "replay");
        h.Read("bob").Should().Equal("once");
    }

    [Test]
    public void A_text_in_the_clear_delivered_twice_is_a_replay_the_second_time()
    {
        RoomHarness h = RoomHarness.WithRoom("r", false, "alice", "bob");
        h.Say("alice", "r", "plain once");
        ServerNotification original = h.Take("bob", Kind.Message);
        h.Deliver(original.Clone());

        h.ExpectRefused("bob", new Delivered(original), "replay");
    }

    [Test]
    public void A_message_under_a_generation_two_behind_the_newest_is_retired_room_key()
    {
        (RoomHarness h, ServerNotification late) = SentToBob("delayed in the network");
        Replace(h);
        Replace(h);
        h["bob"].Rooms["r"].Keys.Keys.Should().Equal(2u, 3u);

        h.ExpectRefused("bob", new Delivered(late), "retired_room_key");
        h.Read("bob").Should().NotContain("delayed in the network");
    }

    [Test]
    public void A_message_under_the_generation_before_the_newest_is_still_read()
    {
        (RoomHarness h, ServerNotification late) = SentToBob("one behind");
        Replace(h);

        h.Deliver(late);
        h.Read("bob").Should().Contain("one behind");
    }

    [Test]
    public void A_message_under_a_future_generation_is_held_and_read_when_its_key_arrives()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "bob");
        h.Now += RoomServerPolicy.Default.ReplaceAfterMs;
        h.Say("alice", "r", "the last of generation 1");
        h.DeliverAll(n => n.NotificationCase != Kind.ReceiveRoomKey);
        h.Queue.Should().ContainSingle().Which.Should().Match<ServerNotification>(n => n.To == "bob" && n.ReceiveRoomKey.Generation == 2);

        h.Say("alice", "r", "ahead of its key");
        DeviceStep held = h.Deliver(h.Take("bob", Kind.Message))!;
        held.Events.Should().Equal(new MessageHeld("bob", "r", "alice", 2));
        held.Requests.Should().BeEmpty();
        h["bob"].Rooms["r"].Held.Should().ContainSingle();

        h.Restart("bob");
        h.DeliverAll();
        h.Events("bob").OfType<RoomKeyReceived>().Should().ContainSingle(e => e.Generation == 2);
        h.Read("bob").Should().Equal("the last of generation 1", "ahead of its key");
        h.Events("bob").OfType<TextReceived>().Last().Generation.Should().Be(2);
        h["bob"].Rooms["r"].Held.Should().BeEmpty();
    }

    [Test]
    public void A_message_of_a_room_the_device_is_not_in_is_not_a_member()
    {
        (RoomHarness h, ServerNotification original) = SentToBob("elsewhere");

        h.ExpectRefused("bob", Twin(original, m => m.SessionId = "other"), "not_a_member");
    }

    /// <summary>alice and bob in the encrypted room r; alice's text to bob taken off the queue, undelivered.</summary>
    private static (RoomHarness H, ServerNotification ToBob) SentToBob(string text)
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "bob");
        h.Say("alice", "r", text);
        return (h, h.Take("bob", Kind.Message));
    }

    /// <summary>The set time passes and alice speaks: the room key is replaced, everything delivered.</summary>
    private static void Replace(RoomHarness h)
    {
        h.Now += RoomServerPolicy.Default.ReplaceAfterMs;
        h.Say("alice", "r", "tick");
        h.DeliverAll();
    }

    private static Delivered Twin(ServerNotification original, Action<RoomMessage> alter)
    {
        ServerNotification twin = original.Clone();
        alter(twin.Message.Message);
        return new Delivered(twin);
    }
}
