using System.Text;
using E2eeConformance.SenderKeys.Device;
using E2eeConformance.SenderKeys.Groups;
using E2eeConformance.SenderKeys.Ports;
using E2eeConformance.SenderKeys.Relay;
using E2eeConformance.SenderKeys.Tests.Support;

namespace E2eeConformance.SenderKeys.Tests.Device;

/// <summary>
/// Devices and the relay together (seed 004): direct texts after key discovery; groups on the fast path; rotation on
/// join, removal and by count; keys that arrive after their messages; the relay never holds plaintext.
/// </summary>
public sealed class SenderKeyDeviceTests
{
    [Test]
    public void A_direct_text_goes_out_after_key_discovery_and_is_read_once()
    {
        var w = new SenderKeyWorld();
        w.Register("alice/1", "bob/1", "bob/2");

        w.Text("alice/1", "bob", "hello bob");
        w.InFlight.Should().ContainSingle().Which.Should().BeOfType<DiscoveryAnswer>();
        w.DeliverAll();

        w.Read("bob/1").Should().Equal("hello bob");
        w.Read("bob/2").Should().Equal("hello bob");
    }

    [Test]
    public void A_group_text_is_one_encryption_read_by_every_other_member()
    {
        SenderKeyWorld w = SenderKeyWorld.WithGroup("alice/1", "bob/1", "carol/1");
        w.Requests.Clear();

        w.GroupText("alice/1", "g1", "hi all");
        w.Requests.Should().ContainSingle().Which.Should().BeOfType<GroupSendRequest>();
        w.DeliverAll();

        w.Read("bob/1").Should().Equal("hi all");
        w.Read("carol/1").Should().Equal("hi all");
        w.Read("alice/1").Should().BeEmpty();
    }

    [Test]
    public void A_message_that_overtakes_its_senders_key_is_held_and_read_when_the_key_arrives()
    {
        var w = new SenderKeyWorld();
        w.Register("alice/1", "bob/1");
        w.Do("alice/1", new CreateGroup("g1", ["bob"]));
        w.Deliver(w.InFlight.OfType<MembershipNotice>().Single(n => n.To == "alice/1")); // alice sends her key to bob
        w.GroupText("alice/1", "g1", "early words");
        w.Deliver(w.InFlight.OfType<MembershipNotice>().Single(n => n.To == "bob/1"));
        w.Deliver(w.InFlight.OfType<GroupDelivery>().Single()); // before alice's key

        w.Events.OfType<GroupTextHeld>().Should().ContainSingle(e => e.Device == "bob/1");
        w.DeliverAll();
        w.Read("bob/1").Should().Equal("early words");
    }

    [Test]
    public void A_join_rotates_every_members_key_and_the_newcomer_cannot_read_history()
    {
        SenderKeyWorld w = SenderKeyWorld.WithGroup("alice/1", "bob/1");
        w.Register("carol/1");
        w.GroupText("alice/1", "g1", "before carol");
        GroupMessage history = w.InFlight.OfType<GroupDelivery>().Single().Message;
        w.DeliverAll();

        w.Do("bob/1", new AddMembers("g1", ["carol"]));
        w.DeliverAll();
        w.GroupText("alice/1", "g1", "welcome carol");
        w.DeliverAll();
        w.Do("carol/1", new Delivered(new GroupDelivery("carol/1", w.Now, history))); // a copy of the history, given by an adversary

        w["alice/1"].Groups["g1"].Own.KeyId.Should().Be(2, "the join rotated alice's key");
        w.Read("carol/1").Should().Equal("welcome carol");
        w.Refusals("carol/1").Should().Equal("unknown_key_id");
    }

    [Test]
    public void A_removal_rotates_and_the_removed_member_reads_nothing_new_even_from_a_copy_of_its_state()
    {
        SenderKeyWorld w = SenderKeyWorld.WithGroup("alice/1", "bob/1", "carol/1");
        SenderKeyDeviceState carolBefore = w["carol/1"];
        w.Do("alice/1", new RemoveMembers("g1", ["carol"]));
        w.DeliverAll();
        w.GroupText("bob/1", "g1", "without carol");
        GroupMessage after = w.InFlight.OfType<GroupDelivery>().First().Message;
        w.DeliverAll();

        w.Events.OfType<GroupLeft>().Should().ContainSingle(e => e.Device == "carol/1");
        w.Read("alice/1").Should().Equal("without carol");
        w.InFlight.Should().BeEmpty();
        DeviceStep stolen = SenderKeyDevice.Step(carolBefore, new Delivered(new GroupDelivery("carol/1", w.Now, after)), w.Now, new LabelledStream("stolen"));
        stolen.Events.Should().NotContain(e => e is GroupTextReceived, "the rotated key never reached carol");
    }

    [Test]
    public void The_policy_rotates_by_message_count_and_members_read_across_the_rotation()
    {
        var w = new SenderKeyWorld(new SenderKeyPolicy { MaxMessagesPerKey = 2 });
        w.Register("alice/1", "bob/1");
        w.Do("alice/1", new CreateGroup("g1", ["bob"]));
        w.DeliverAll();

        for (int i = 0; i < 5; i++)
        {
            w.GroupText("alice/1", "g1", $"m{i}");
        }

        w.DeliverAll();
        w["alice/1"].Groups["g1"].Own.KeyId.Should().Be(3);
        w.Read("bob/1").Should().Equal("m0", "m1", "m2", "m3", "m4");
    }

    [Test]
    public void A_refused_delivery_leaves_the_device_state_as_it_was_and_names_its_code()
    {
        SenderKeyWorld w = SenderKeyWorld.WithGroup("alice/1", "bob/1");
        w.GroupText("alice/1", "g1", "genuine");
        GroupDelivery delivery = w.InFlight.OfType<GroupDelivery>().Single();
        GroupDelivery tampered = delivery with { Message = delivery.Message with { Sealed = [.. delivery.Message.Sealed[..^1], (byte)(delivery.Message.Sealed[^1] ^ 1)] } };
        SenderKeyDeviceState before = w["bob/1"];

        DeviceStep step = SenderKeyDevice.Step(before, new Delivered(tampered), w.Now, new LabelledStream("tamper"));

        step.State.Should().BeSameAs(before);
        step.Events.Should().ContainSingle().Which.Should().BeOfType<InputRefused>().Which.Code.Should().Be("bad_tag");
        w.DeliverAll();
        w.Read("bob/1").Should().Equal("genuine");
    }

    [Test]
    public void The_relay_forwards_only_ciphertext()
    {
        SenderKeyWorld w = SenderKeyWorld.WithGroup("alice/1", "bob/1");
        w.Text("alice/1", "bob", "a secret direct text");
        w.GroupText("alice/1", "g1", "a secret group text");
        byte[][] forwarded = [.. w.InFlight.Select(d => d switch
        {
            PairwiseDelivery p => p.Message.Sealed,
            GroupDelivery g => g.Message.Sealed,
            _ => [],
        })];

        forwarded.Should().NotBeEmpty();
        forwarded.Should().NotContain(bytes => Encoding.UTF8.GetString(bytes).Contains("secret", StringComparison.Ordinal));
    }
}
