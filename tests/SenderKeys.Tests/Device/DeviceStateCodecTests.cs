using E2eeConformance.SenderKeys.Device;
using E2eeConformance.SenderKeys.Errors;
using E2eeConformance.SenderKeys.Relay;
using E2eeConformance.SenderKeys.Tests.Support;

namespace E2eeConformance.SenderKeys.Tests.Device;

/// <summary>
/// The device's stored form (SK-19): a device restarts where it stood — sessions, groups, keys of every member, held
/// messages, texts waiting for discovery — and a stored state that is cut or altered is refused as <c>store_corrupt</c>.
/// </summary>
public sealed class DeviceStateCodecTests
{
    private static SenderKeyWorld Busy()
    {
        var w = new SenderKeyWorld();
        w.Register("alice/1", "bob/1", "carol/1");
        w.Do("alice/1", new CreateGroup("g1", ["bob", "carol"]));
        w.DeliverAll();
        w.GroupText("alice/1", "g1", "one");
        w.GroupText("bob/1", "g1", "two");
        w.Text("carol/1", "alice", "direct");
        w.Deliver(w.InFlight.OfType<GroupDelivery>().Last(d => d.To == "carol/1")); // carol skips alice's first, reads bob's
        return w;
    }

    [Test]
    public void Encoding_is_canonical_and_a_restarted_device_goes_on_where_it_stood()
    {
        SenderKeyWorld w = Busy();
        byte[] stored = DeviceStateCodec.Encode(w["carol/1"]);

        DeviceStateCodec.Encode(DeviceStateCodec.Decode(stored)).Should().Equal(stored);
        foreach (string device in new[] { "alice/1", "bob/1", "carol/1" })
        {
            w.Restart(device);
        }

        w.DeliverAll();
        w.GroupText("carol/1", "g1", "three");
        w.DeliverAll();
        w.Read("carol/1").Should().Equal("two", "one");
        w.Read("alice/1").Should().Equal("two", "direct", "three");
        w.Read("bob/1").Should().Equal("one", "three");
        w.Refusals("alice/1").Concat(w.Refusals("bob/1")).Concat(w.Refusals("carol/1")).Should().BeEmpty();
    }

    [Test]
    public void A_restarted_device_refuses_a_replay_of_what_it_read_before()
    {
        SenderKeyWorld w = Busy();
        GroupDelivery read = w.InFlight.OfType<GroupDelivery>().First(d => d.To == "bob/1");
        w.Deliver(read);
        w.Restart("bob/1");

        w.Deliver(read);

        w.Refusals("bob/1").Should().Equal("replay");
    }

    [TestCase(0)]
    [TestCase(40)]
    [TestCase(-1)]
    public void A_stored_state_with_one_byte_changed_is_refused_as_store_corrupt(int at)
    {
        byte[] stored = DeviceStateCodec.Encode(Busy()["carol/1"]);
        stored[at < 0 ? stored.Length - 1 : at] ^= 0x20;

        Refusal.Expect(() => DeviceStateCodec.Decode(stored), SenderKeyErrorCode.StoreCorrupt);
    }

    [Test]
    public void A_cut_or_foreign_stored_state_is_refused_as_store_corrupt()
    {
        byte[] stored = DeviceStateCodec.Encode(Busy()["carol/1"]);
        byte[] foreign = [.. System.Security.Cryptography.SHA256.HashData("{\"format\":\"other\"}"u8), .. "{\"format\":\"other\"}"u8];
        byte[] broken = [.. System.Security.Cryptography.SHA256.HashData("{\"format\":\"e2ee-conformance/sender-keys/device-state/v1\"}"u8), .. "{\"format\":\"e2ee-conformance/sender-keys/device-state/v1\"}"u8];

        Refusal.Expect(() => DeviceStateCodec.Decode(stored.AsSpan(0, stored.Length - 1)), SenderKeyErrorCode.StoreCorrupt);
        Refusal.Expect(() => DeviceStateCodec.Decode([]), SenderKeyErrorCode.StoreCorrupt);
        Refusal.Expect(() => DeviceStateCodec.Decode(foreign), SenderKeyErrorCode.StoreCorrupt);
        Refusal.Expect(() => DeviceStateCodec.Decode(broken), SenderKeyErrorCode.StoreCorrupt);
    }
}
