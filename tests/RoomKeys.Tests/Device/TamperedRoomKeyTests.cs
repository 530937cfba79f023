using E2eeConformance.RoomKeys.Crypto;
using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Server;
using E2eeConformance.RoomKeys.Tests.Support;
using E2eeConformance.RoomKeys.Wire;
using Google.Protobuf;
using Kind = E2eeConformance.RoomKeys.Wire.ServerNotification.NotificationOneofCase;

namespace E2eeConformance.RoomKeys.Tests.Device;

/// <summary>
/// Wrapped room keys and public keys and their tampered twins (RK-1, RK-2, RK-5): an altered or foreign wrapped key is
/// bad_room_key, one bound to another room or generation too (the OAEP label), one of the wrong length malformed, a
/// public key that is not an allowed RSA key malformed; each refusal leaves the state as it was and sends nothing.
/// </summary>
public sealed class TamperedRoomKeyTests
{
    [Test]
    public void An_altered_wrapped_key_is_bad_room_key_and_the_original_still_opens()
    {
        (RoomHarness h, ServerNotification original) = KeyToCarol();
        byte[] altered = original.ReceiveRoomKey.RoomKey.ToByteArray();
        altered[40] ^= 0x10;

        h.ExpectRefused("carol", Twin(original, k => k.RoomKey = ByteString.CopyFrom(altered)), "bad_room_key");
        h.Deliver(original);
        h.Events("carol").Should().Contain(new RoomKeyReceived("carol", "r", "alice", 1));
    }

    [Test]
    public void A_key_wrapped_to_another_users_public_key_is_bad_room_key()
    {
        (RoomHarness h, ServerNotification original) = KeyToCarol();
        var random = new SeededBytes(41);
        byte[] toDave = RoomHarness.IdentityOf("dave").PublicKey.EncryptRoomKey(RoomKey.Generate(random), "r", 1, random);
        byte[] noise = new byte[RoomHarness.Bits / 8];
        random.Fill(noise);

        h.ExpectRefused("carol", Twin(original, k => k.RoomKey = ByteString.CopyFrom(toDave)), "bad_room_key");
        h.ExpectRefused("carol", Twin(original, k => k.RoomKey = ByteString.CopyFrom(noise)), "bad_room_key");
    }

    [Test]
    public void A_key_wrapped_for_another_room_or_generation_is_bad_room_key()
    {
        (RoomHarness h, ServerNotification original) = KeyToCarol();
        h.Do("carol", new CreateRoom("r2"));
        h.DeliverAll(n => n.NotificationCase != Kind.ReceiveRoomKey);
        var random = new SeededBytes(43);
        byte[] forOtherRoom = RoomHarness.IdentityOf("carol").PublicKey.EncryptRoomKey(RoomKey.Generate(random), "other", 1, random);
        byte[] forGeneration2 = RoomHarness.IdentityOf("carol").PublicKey.EncryptRoomKey(RoomKey.Generate(random), "r", 2, random);

        h.ExpectRefused("carol", Twin(original, k => k.RoomKey = ByteString.CopyFrom(forOtherRoom)), "bad_room_key");
        h.ExpectRefused("carol", Twin(original, k => k.RoomKey = ByteString.CopyFrom(forGeneration2)), "bad_room_key");
        h.ExpectRefused("carol", Twin(original, k => k.Generation = 2), "bad_room_key");
        h.ExpectRefused("carol", Twin(original, k => k.SessionId = "r2"), "bad_room_key");
        h["carol"].Rooms["r2"].Keys.Keys.Should().Equal(1u);
    }

    [TestCase(-1)]
    [TestCase(1)]
    [TestCase(-256)]
    public void A_wrapped_key_of_the_wrong_length_is_malformed(int change)
    {
        (RoomHarness h, ServerNotification original) = KeyToCarol();
        byte[] wrapped = original.ReceiveRoomKey.RoomKey.ToByteArray();
        byte[] resized = change < 0 ? wrapped[..^-change] : [.. wrapped, .. new byte[change]];

        h.ExpectRefused("carol", Twin(original, k => k.RoomKey = ByteString.CopyFrom(resized)), "malformed");
    }

    [Test]
    public void A_room_key_of_generation_0_is_retired_room_key()
    {
        (RoomHarness h, ServerNotification original) = KeyToCarol();

        h.ExpectRefused("carol", Twin(original, k => k.Generation = 0), "retired_room_key");
    }

    [Test]
    public void An_altered_key_in_an_admission_is_bad_room_key_and_the_joiner_keeps_waiting()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice");
        h.Register("bob");
        h.Do("bob", new RequestJoin("r"));
        h.DeliverAll();
        h.Do("alice", new ApproveJoin("r", "bob"));
        ServerNotification original = h.Take("bob", Kind.AllowUserJoinSession);
        ServerNotification twin = original.Clone();
        byte[] altered = twin.AllowUserJoinSession.RoomKey.ToByteArray();
        altered[^1] ^= 0x01;
        twin.AllowUserJoinSession.RoomKey = ByteString.CopyFrom(altered);

        h.ExpectRefused("bob", new Delivered(twin), "bad_room_key");
        h["bob"].Joining.Should().Equal("r");
        h.Deliver(original);
        h.Events("bob").Should().Contain(new JoinedRoom("bob", "r", "alice", true, 1));
    }

    [Test]
    public void A_join_request_carrying_a_malformed_public_key_is_malformed_and_cannot_be_approved()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice");
        h.Register("bob");
        h.Do("bob", new RequestJoin("r"));
        ServerNotification original = h.Take("alice", Kind.JoinSessionApproval);
        byte[] modulus = original.JoinSessionApproval.PublicKey.Modulus.ToByteArray();
        byte[] even = [.. modulus];
        even[^1] &= 0xfe;

        foreach (Action<JoinSessionApproval> alter in new Action<JoinSessionApproval>[]
        {
            j => j.PublicKey.Modulus = ByteString.CopyFrom(modulus[1..]),
            j => j.PublicKey.Modulus = ByteString.CopyFrom(even),
            j => j.PublicKey.Exponent = 3,
            j => j.PublicKey = null,
        })
        {
            ServerNotification twin = original.Clone();
            alter(twin.JoinSessionApproval);
            h.ExpectRefused("alice", new Delivered(twin), "malformed");
        }

        h.ExpectRefused("alice", new ApproveJoin("r", "bob"), "no_join_request");
        h.Deliver(original);
        h.Events("alice").Should().Contain(new JoinRequested("alice", "r", "bob"));
    }

    [Test]
    public void A_replacement_towards_a_malformed_public_key_is_malformed_and_makes_no_key()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "bob");
        h.Now += RoomServerPolicy.Default.ReplaceAfterMs;
        h.Say("alice", "r", "time to replace");
        h.DeliverAll(n => n.To == "bob");
        h.Take("alice", Kind.UpdateRoomKey);
        ServerNotification twin = h.Take("alice", Kind.SendRoomKey).Clone();
        twin.SendRoomKey.PublicKey.Modulus = ByteString.CopyFrom(new byte[RoomHarness.Bits / 8]);

        h.ExpectRefused("alice", new Delivered(twin), "malformed");
        h["alice"].Rooms["r"].Keys.Keys.Should().Equal(1u);
    }

    /// <summary>alice's room r; carol invited and accepted; alice's ReceiveRoomKeyNotification to carol taken off the queue, undelivered.</summary>
    private static (RoomHarness H, ServerNotification ToCarol) KeyToCarol()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice");
        h.Register("carol");
        h.Do("alice", new Invite("r", "carol"));
        h.DeliverAll(n => n.NotificationCase != Kind.ReceiveRoomKey);
        return (h, h.Take("carol", Kind.ReceiveRoomKey));
    }

    private static Delivered Twin(ServerNotification original, Action<ReceiveRoomKeyNotification> alter)
    {
        ServerNotification twin = original.Clone();
        alter(twin.ReceiveRoomKey);
        return new Delivered(twin);
    }
}
