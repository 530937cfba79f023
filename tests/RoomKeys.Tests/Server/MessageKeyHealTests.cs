using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Tests.Support;
using E2eeConformance.RoomKeys.Wire;
using Kind = E2eeConformance.RoomKeys.Wire.ServerNotification.NotificationOneofCase;

namespace E2eeConformance.RoomKeys.Tests.Server;

/// <summary>
/// RK-22, a text under a key its reader lacks: a member admitted under the current key gets a text that a member still
/// a generation behind sent under the key before it. The server asks the text's sender, who holds that key, to send
/// it (SendRoomKeyNotification); the reader holds the text (MessageHeld, RK-14) until the key comes, then reads it once.
/// </summary>
public sealed class MessageKeyHealTests
{
    [Test]
    public void The_sender_of_a_text_is_asked_for_its_key_and_the_reader_reads_the_held_text()
    {
        RoomHarness h = DaveAdmittedUnderGenerationTwo();

        int mark = h.Sent.Count;
        h.Say("bob", "r", "under generation 1");
        h.Requests.Last().SendMessage.Message.Generation.Should().Be(1);

        List<ServerNotification> caused = [.. h.Sent.Skip(mark)];
        caused.Select(n => (n.To, n.NotificationCase)).Should().Equal(("alice", Kind.Message), ("dave", Kind.Message), ("bob", Kind.SendRoomKey));
        caused[2].SendRoomKey.Should().Be(new SendRoomKeyNotification { SessionId = "r", Generation = 1, User = "dave", PublicKey = RoomHarness.PublicKeyOf("dave") });

        h.Deliver(h.Take("dave", Kind.Message))!.Events.Should().Equal(new MessageHeld("dave", "r", "bob", 1));
        h.Read("dave").Should().BeEmpty();
        h["dave"].Rooms["r"].Held.Should().ContainSingle();

        SendRoomKeyRequest handed = h.Deliver(h.Take("bob", Kind.SendRoomKey))!.Requests.Should().ContainSingle().Which.SendRoomKey;
        (handed.User, handed.Generation).Should().Be(("dave", 1u));
        ServerNotification relayed = h.Queue.Last();
        (relayed.To, relayed.ReceiveRoomKey.From, relayed.ReceiveRoomKey.Generation).Should().Be(("dave", "bob", 1u));

        DeviceStep read = h.Deliver(relayed)!;
        read.Events.Select(e => e.GetType()).Should().Equal(typeof(RoomKeyReceived), typeof(TextReceived));
        read.Events[1].Should().Match<TextReceived>(t => t.From == "bob" && t.Generation == 1 && t.Encrypted);
        h["dave"].Rooms["r"].Held.Should().BeEmpty();
        h["dave"].Rooms["r"].Keys.Keys.Should().Equal(1u, 2u);

        h.DeliverAll();
        h.Read("dave").Should().Equal("under generation 1");
        h.Read("alice").Should().Equal("under generation 1");
        h.Refusals("dave").Should().BeEmpty();
        h.Refusals("bob").Should().BeEmpty();
    }

    [Test]
    public void A_text_under_the_current_key_asks_for_nothing()
    {
        RoomHarness h = DaveAdmittedUnderGenerationTwo();

        int mark = h.Sent.Count;
        h.Say("alice", "r", "under generation 2");

        h.Sent.Skip(mark).Select(n => (n.To, n.NotificationCase)).Should().Equal(("bob", Kind.Message), ("dave", Kind.Message));
        h.DeliverAll();
        h.Read("dave").Should().Equal("under generation 2");
        h.Read("bob").Should().Equal("replacing", "under generation 2");
    }

    /// <summary>The room at generation 2 with bob behind; dave asked to join and alice admitted it under generation 2.</summary>
    private static RoomHarness DaveAdmittedUnderGenerationTwo()
    {
        RoomHarness h = BehindRoom.BobBehindAtGenerationTwo();
        h.Do("dave", new RequestJoin("r"));
        h.Deliver(h.Take("alice", Kind.JoinSessionApproval));
        h.Do("alice", new ApproveJoin("r", "dave"));
        h.Deliver(h.Take("dave", Kind.AllowUserJoinSession));
        h["dave"].Rooms["r"].Keys.Keys.Should().Equal(2u);
        return h;
    }
}
