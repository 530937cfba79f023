using System.Security.Cryptography;
using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Errors;
using E2eeConformance.RoomKeys.Server;
using E2eeConformance.RoomKeys.Tests.Support;
using E2eeConformance.RoomKeys.Wire;
using Kind = E2eeConformance.RoomKeys.Wire.ServerNotification.NotificationOneofCase;

namespace E2eeConformance.RoomKeys.Tests.Device;

/// <summary>
/// The device's stored form (RK-17): a restart reads back a device that still reads texts, still knows what it read and
/// still opens room keys with its RSA key; a cut, altered or foreign form is store_corrupt, never a half-read state.
/// </summary>
public sealed class StoredFormTests
{
    [Test]
    public void A_restarted_device_reads_remembers_what_it_read_and_opens_new_room_keys()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "bob");
        h.Say("alice", "r", "before the restart");
        ServerNotification first = h.Take("bob", Kind.Message);
        h.Deliver(first.Clone());
        byte[] stored = h.Stored("bob");

        h.Restart("bob");
        h.Stored("bob").Should().Equal(stored, "decoding and encoding again gives the same form");
        h["bob"].User.Should().Be("bob");
        h["bob"].Identity.PublicKey.Modulus.Should().Equal(RoomHarness.IdentityOf("bob").PublicKey.Modulus);

        h.ExpectRefused("bob", new Delivered(first), "replay");
        h.Say("alice", "r", "after the restart");
        h.Now += RoomServerPolicy.Default.ReplaceAfterMs;
        h.Say("alice", "r", "and a new key");
        h.DeliverAll();
        h.Events("bob").Should().Contain(new RoomKeyReceived("bob", "r", "alice", 2));
        h.Say("alice", "r", "under generation 2");
        h.DeliverAll();
        h.Read("bob").Should().Equal("before the restart", "after the restart", "and a new key", "under generation 2");
    }

    [Test]
    public void A_restarted_device_keeps_its_join_requests_and_its_pending_joins()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice");
        h.Register("bob");
        h.Do("bob", new RequestJoin("r"));
        h.DeliverAll(n => n.NotificationCase == Kind.JoinSessionApproval);

        h.Restart("alice");
        h.Restart("bob");
        h["bob"].Joining.Should().Equal("r");
        h.Do("alice", new ApproveJoin("r", "bob"));
        h.DeliverAll();
        h.Events("bob").Should().Contain(new JoinedRoom("bob", "r", "alice", true, 1));
    }

    [Test]
    public void A_flipped_byte_anywhere_is_store_corrupt()
    {
        byte[] stored = RoomHarness.WithRoom("r", true, "alice", "bob").Stored("bob");

        foreach (int at in new[] { 0, 31, 32, stored.Length / 2, stored.Length - 1 })
        {
            byte[] flipped = [.. stored];
            flipped[at] ^= 0x01;
            ExpectCorrupt(flipped);
        }
    }

    [Test]
    public void A_cut_or_empty_form_is_store_corrupt()
    {
        byte[] stored = RoomHarness.WithRoom("r", true, "alice", "bob").Stored("bob");

        ExpectCorrupt(stored[..^1]);
        ExpectCorrupt(stored[..(stored.Length / 2)]);
        ExpectCorrupt(stored[..32]);
        ExpectCorrupt(stored[..31]);
        ExpectCorrupt([]);
    }

    [Test]
    public void A_checksummed_form_that_holds_no_device_is_store_corrupt()
    {
        byte[] garbage = [0xff, 0xff, 0xff, 0xff];

        ExpectCorrupt([.. SHA256.HashData(garbage), .. garbage]);
        ExpectCorrupt(SHA256.HashData([]));
    }

    private static void ExpectCorrupt(byte[] stored)
    {
        Action decode = () => DeviceStateCodec.Decode(stored);
        decode.Should().Throw<RoomKeyException>().Which.Code.Should().Be(RoomKeyErrorCode.StoreCorrupt);
    }
}
