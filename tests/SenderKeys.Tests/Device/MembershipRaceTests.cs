using E2eeConformance.SenderKeys.Device;
using E2eeConformance.SenderKeys.Relay;
using E2eeConformance.SenderKeys.Tests.Support;

namespace E2eeConformance.SenderKeys.Tests.Device;

/// <summary>
/// Membership changes racing with messages (SK-23, SK-24, SK-25; found by the runner's delivery-order property test):
/// a text in flight when its sender left is still read, a device that left is not brought back by a stale notice and
/// rejoins with a fresh key id, and messages whose keys can never come are refused, not held for ever.
/// </summary>
public sealed class MembershipRaceTests
{
    [Test]
    public void A_text_in_flight_when_its_sender_was_removed_is_read_inside_the_window_and_not_after()
    {
        SenderKeyWorld w = SenderKeyWorld.WithGroup("alice/1", "bob/1", "carol/1");
        w.GroupText("carol/1", "g1", "written before my removal");
        w.GroupText("carol/1", "g1", "and this one too");
        w.Do("alice/1", new RemoveMembers("g1", ["carol"]));
        RelayDelivery[] texts = [.. w.InFlight.OfType<GroupDelivery>().Where(d => d.To == "bob/1")];
        foreach (MembershipNotice notice in w.InFlight.OfType<MembershipNotice>().Where(n => n.To == "bob/1").ToList())
        {
            w.Deliver(notice); // bob takes the removal before carol's texts
        }

        w.Deliver(texts[0]);
        w.Read("bob/1").Should().Equal("written before my removal");

        w.Now += (long)w.Policy.TransitionWindow.TotalMilliseconds;
        w.Deliver(texts[1]);
        w.Refusals("bob/1").Should().Equal("retired_key_id");
    }

    [Test]
    public void A_device_that_left_ignores_a_stale_notice_and_rejoins_with_the_next_key_id()
    {
        SenderKeyWorld w = SenderKeyWorld.WithGroup("alice/1", "bob/1", "carol/1");
        w.Do("alice/1", new RemoveMembers("g1", ["carol"]));
        w.Do("alice/1", new AddMembers("g1", ["carol"]));
        w.Do("alice/1", new RemoveMembers("g1", ["carol"]));
        MembershipNotice[] toCarol = [.. w.InFlight.OfType<MembershipNotice>().Where(n => n.To == "carol/1").OrderByDescending(n => n.Version)];
        foreach (MembershipNotice notice in toCarol)
        {
            w.Deliver(notice); // the newest first: the last removal, then the stale add, then the first removal
        }

        w["carol/1"].Groups.Should().BeEmpty("a notice older than the one that removed it does not bring the group back");
        w["carol/1"].Left["g1"].KeyId.Should().Be(1);

        w.DeliverAll();
        w.Do("bob/1", new AddMembers("g1", ["carol"]));
        w.DeliverAll();
        w["carol/1"].Groups["g1"].Own.KeyId.Should().Be(2, "its key ids go on where they stopped (SK-25)");
        w.GroupText("carol/1", "g1", "back again");
        w.DeliverAll();
        w.Read("alice/1").Should().Contain("back again");
        w.Read("bob/1").Should().Contain("back again");

        SenderKeyDeviceState restored = DeviceStateCodec.Decode(DeviceStateCodec.Encode(w["carol/1"]));
        restored.Left.Should().BeEquivalentTo(w["carol/1"].Left);
    }

    [Test]
    public void Messages_whose_keys_can_never_come_are_refused_with_unknown_key_id()
    {
        var w = new SenderKeyWorld();
        w.Register("alice/1", "bob/1", "dave/1");
        w.Do("alice/1", new CreateGroup("g1", ["bob"]));
        w.DeliverAll();

        // Dave joins; bob writes before he takes that notice (under his key from before the join); then dave is removed.
        w.Do("alice/1", new AddMembers("g1", ["dave"]));
        w.GroupText("bob/1", "g1", "under a key dave never gets");
        w.Do("alice/1", new RemoveMembers("g1", ["dave"]));
        foreach (RelayDelivery d in w.InFlight.Where(d => d.To == "dave/1").ToList())
        {
            w.Deliver(d); // the add, bob's text (held: no key), the removal
        }

        w.Refusals("dave/1").Should().Equal(["unknown_key_id"], "the text it held can never be read once it is out");
        w["dave/1"].Groups.Should().BeEmpty();
        w.DeliverAll();
        w.Read("alice/1").Should().Contain("under a key dave never gets");
    }
}
