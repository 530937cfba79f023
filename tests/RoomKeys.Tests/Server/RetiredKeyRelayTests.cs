using E2eeConformance.RoomKeys.Crypto;
using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Server;
using E2eeConformance.RoomKeys.Tests.Support;
using E2eeConformance.RoomKeys.Wire;
using Google.Protobuf;
using Kind = E2eeConformance.RoomKeys.Wire.ServerNotification.NotificationOneofCase;

namespace E2eeConformance.RoomKeys.Tests.Server;

/// <summary>
/// RK-22, a key of a retired generation: a send_room_key under a generation older than the one before the current one
/// is of no use (RK-12), so the server neither relays it nor refuses it; a member that lacks the current key gets it
/// from that key's maker instead. The key of the generation before the current one is still relayed.
/// </summary>
public sealed class RetiredKeyRelayTests
{
    private const long ReplaceAfterMs = 60_000;

    [Test]
    public void An_inviter_two_generations_behind_hands_a_retired_key_that_is_dropped_and_the_maker_sends_the_current_one()
    {
        RoomHarness h = RoomHarness.WithRoom(new RoomServerPolicy(ReplaceAfterMs), "r", true, "alice", "bob");
        h.Register("dave");
        ReplaceTwiceWithBobsKeysOnTheirWay(h);
        h.Do("bob", new Invite("r", "dave"));
        h.Deliver(h.Take("dave", Kind.InviteUserToSession));

        int mark = h.Sent.Count;
        SendRoomKeyRequest handed = h.Deliver(h.Take("bob", Kind.AcceptSession))!.Requests.Should().ContainSingle().Which.SendRoomKey;
        (handed.User, handed.Generation).Should().Be(("dave", 1u), "bob's newest key is still generation 1");

        ServerNotification ask = h.Sent.Skip(mark).Should().ContainSingle("the retired key is neither relayed nor refused").Subject;
        ask.To.Should().Be("alice");
        ask.SendRoomKey.Should().Be(new SendRoomKeyNotification { SessionId = "r", Generation = 3, User = "dave", PublicKey = RoomHarness.PublicKeyOf("dave") });

        h.DeliverAll();
        h.Events("dave").OfType<RoomKeyReceived>().Should().Equal(new RoomKeyReceived("dave", "r", "alice", 3));
        h["dave"].Rooms["r"].Keys.Keys.Should().Equal(3u);
        h.ServerRefusals("bob").Should().BeEmpty();
        h.Refusals("bob").Should().BeEmpty();
        h.Read("bob").Should().Equal("second", "third");

        h.Say("bob", "r", "under generation 3");
        h.DeliverAll();
        h.Events("dave").OfType<TextReceived>().Should().ContainSingle().Which.Generation.Should().Be(3);
    }

    [Test]
    public void A_key_older_than_the_one_before_the_current_is_dropped_and_the_one_before_is_relayed()
    {
        RoomHarness h = RoomHarness.WithRoom(new RoomServerPolicy(ReplaceAfterMs), "r", true, "alice", "bob", "dave");
        RoomKey first = h["bob"].Rooms["r"].Keys[1];
        ReplaceTwiceWithBobsKeysOnTheirWay(h);
        h.DeliverAll();
        RoomKey second = h["bob"].Rooms["r"].Keys[2];

        h.Send(KeyFromBob(first, 1)).Should().BeEmpty("a key of generation 1 in a room at 3 is neither relayed nor refused");

        ServerNotification relayed = h.Send(KeyFromBob(second, 2)).Should().ContainSingle().Subject;
        (relayed.To, relayed.NotificationCase, relayed.ReceiveRoomKey.Generation).Should().Be(("dave", Kind.ReceiveRoomKey, 2u));
        h.DeliverAll();
        h.Refusals("dave").Should().BeEmpty("the relayed key of generation 2 is the one dave holds already");
        h.ServerRefusals("bob").Should().BeEmpty();
    }

    /// <summary>alice speaks twice, each time after the key period ran out: the room goes to generation 3; bob's keys stay queued.</summary>
    private static void ReplaceTwiceWithBobsKeysOnTheirWay(RoomHarness h)
    {
        h.Now += ReplaceAfterMs;
        h.Say("alice", "r", "second");
        h.DeliverAll(n => n.To == "alice");
        h.Now += ReplaceAfterMs;
        h.Say("alice", "r", "third");
        h.DeliverAll(n => n.To == "alice");
        h.Server.Sessions["r"].Generation.Should().Be(3);
        h["bob"].Rooms["r"].Newest.Should().Be(1);
    }

    private static ServerRequest KeyFromBob(RoomKey key, uint generation) => new()
    {
        From = "bob",
        SendRoomKey = new SendRoomKeyRequest
        {
            SessionId = "r",
            User = "dave",
            Generation = generation,
            RoomKey = ByteString.CopyFrom(WireKeys.FromWire(RoomHarness.PublicKeyOf("dave")).EncryptRoomKey(key, "r", generation, new SeededBytes(7))),
        },
    };
}
