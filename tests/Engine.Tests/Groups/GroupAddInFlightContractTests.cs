using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Tests.Support;

namespace E2eeConformance.Engine.Tests.Groups;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// Messages in flight across an add: sent before it and delivered after it (through the retired chain positions),
/// replayed after it, overtaken by a post-add message, or still on the way while the add is applied.
/// </summary>
[TestFixtureSource(typeof(GroupContractFixture), nameof(GroupContractFixture.Suites))]
public sealed class GroupAddInFlightContractTests(string suiteName) : GroupContractFixture(suiteName)
{
    [Test]
    public void A_message_the_inviter_sent_before_the_add_and_delivered_after_it_decrypts_at_the_other_existing_members()
    {
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        List<Wire.E2eeMsg> before = p.SendMany("alice", "before ", 3);
        p.Receive("bob", before[0]);

        p.Add("alice", NowMs, "dave");
        Wire.E2eeMsg after = p.Send("alice", "after");

        p.Receive("bob", after, NowMs + 1).Should().Be("after");
        p.Receive("bob", before[2], NowMs + 2).Should().Be("before 2", "the retired position keeps the inviter's skipped keys");
        p.Receive("carol", before[1], NowMs + 3).Should().Be("before 1");
        p.Receive("carol", after, NowMs + 4).Should().Be("after");
        p.Receive("carol", before[0], NowMs + GraceMs).Should().Be("before 0");
        p.Receive("carol", before[2], NowMs + GraceMs).Should().Be("before 2");
        p.Receive("dave", after, NowMs + 5).Should().Be("after");
        RejectsUnchanged(p, "bob", before[1], ProtocolErrorCode.BadTag, NowMs + GraceMs + 1);

        AllChainsAgree(p, "the inviter's chain was fast-forwarded to its add position");
        EveryoneReadsEveryone(p, "later", NowMs + GraceMs + 2);
    }

    [Test]
    public void A_message_another_member_sent_before_the_add_and_delivered_after_it_decrypts_at_the_other_existing_members()
    {
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        List<Wire.E2eeMsg> before = p.SendMany("bob", "bob before ", 2);
        p.Receive("carol", before[0]);

        p.Add("alice", NowMs, "dave");

        p.Receive("carol", before[1], NowMs + 1).Should().Be("bob before 1", "carol's pre-add position for bob is retired, not dropped");
        p.Receive("alice", before[1], NowMs + 1).Should().Be("bob before 1");
        p.Receive("alice", before[0], NowMs + GraceMs).Should().Be("bob before 0");
    }

    [Test]
    public void Replaying_a_pre_add_message_after_the_add_is_rejected_as_replay_because_the_retired_chain_recognises_its_ciphertext()
    {
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        List<Wire.E2eeMsg> before = p.SendMany("bob", "bob before ", 2);
        p.Receive("carol", before[0]);
        RejectsUnchanged(p, "carol", before[0], ProtocolErrorCode.Replay);

        p.Add("alice", NowMs, "dave");
        p.Receive("carol", before[1], NowMs + 1).Should().Be("bob before 1");

        // Sequences restart at 0 after an add (REFERENCE-BEHAVIOUR §41), so "index 0 of bob's chain" is ambiguous by
        // position: on the current chain it fails as a bad tag. The retired chain remembers the fingerprint of each
        // ciphertext it decrypted, so the very same message is recognised as a replay; nothing changes either way.
        RejectsUnchanged(p, "carol", before[0], ProtocolErrorCode.Replay, NowMs + 2);
        RejectsUnchanged(p, "carol", before[1], ProtocolErrorCode.Replay, NowMs + 2);
    }

    [Test]
    public void After_an_add_during_which_a_members_message_was_in_flight_that_members_later_messages_still_decrypt_everywhere()
    {
        // Bob's second message is still on its way to carol (and alice) when alice adds dave. Each existing member
        // replaces its copy of bob's chain by add(its copy at its own position) (REFERENCE-BEHAVIOUR §41); bob and dave use
        // add(bob's chain at bob's position). Unless the positions are reconciled, bob's post-add messages cannot be
        // read by carol or alice.
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        List<Wire.E2eeMsg> before = p.SendMany("bob", "bob before ", 2);
        p.Receive("carol", before[0]);
        p.Receive("alice", before[0]);

        p.Add("alice", NowMs, "dave");
        p.Receive("carol", before[1], NowMs + 1).Should().Be("bob before 1");
        p.Receive("alice", before[1], NowMs + 1).Should().Be("bob before 1");
        Wire.E2eeMsg after = p.Send("bob", "bob after the add");

        p.Receive("dave", after, NowMs + 2).Should().Be("bob after the add");
        ((Action)(() => p.Receive("carol", after, NowMs + 2))).Should().NotThrow("bob is still a member and carol got every message he sent");
        ((Action)(() => p.Receive("alice", after, NowMs + 2))).Should().NotThrow("bob is still a member and alice got every message he sent");
        AllChainsAgree(p, "every message was delivered in the end");
    }

    [Test]
    public void A_members_message_read_on_its_retired_chain_corrects_the_later_chain_at_once_so_its_next_message_reads_after_the_grace()
    {
        // Bob's message is on its way to alice when alice adds dave: alice derives bob's post-add chain from her copy at
        // 0, bob from his real position 1. Alice reads the message on the retired position within the grace; a day later
        // (the retired position long dropped) bob writes again. The search from the retired position is no longer
        // possible, so reading the pre-add message must have corrected bob's chain already (fuzz finding
        // group-text-after-add-and-clock-jump).
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        Wire.E2eeMsg before = p.Send("bob", "bob before");
        p.Receive("carol", before);

        p.Add("alice", NowMs, "dave");
        p.Receive("alice", before, NowMs + 1).Should().Be("bob before");
        Wire.E2eeMsg after = p.Send("bob", "bob a day later");

        long dayLater = NowMs + (long)TimeSpan.FromDays(1).TotalMilliseconds;
        p.Receive("alice", after, dayLater).Should().Be("bob a day later", "alice read every message bob wrote before the add");
        p.Receive("carol", after, dayLater).Should().Be("bob a day later");
        p.Receive("dave", after, dayLater).Should().Be("bob a day later");
        AllChainsAgree(p, "alice's copy of bob's chain was re-derived from his real add position when she read his last pre-add message");
        EveryoneReadsEveryone(p, "later", dayLater + 1);
    }

    [Test]
    public void A_pre_add_message_read_below_the_position_an_add_was_derived_from_changes_no_later_chain()
    {
        // Carol read bob's second message before the add, and the first (skipped) one after it: her copy was at bob's
        // real position, so nothing above is derived again and bob's next message reads on her current chain.
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        List<Wire.E2eeMsg> before = p.SendMany("bob", "bob before ", 2);
        p.Receive("carol", before[1]);
        p.Receive("alice", before[0]);
        p.Receive("alice", before[1]);

        p.Add("alice", NowMs, "dave");
        GroupReceiverChain bobAtCarol = p["carol"].State.Current.Receivers[p["bob"].Key];
        p.Receive("carol", before[0], NowMs + 1).Should().Be("bob before 0");
        p["carol"].State.Current.Receivers[p["bob"].Key].Current.Should().BeSameAs(bobAtCarol.Current, "the position the add was derived from was bob's real one");
        Wire.E2eeMsg after = p.Send("bob", "bob after");
        p.DeliverToAll(after, NowMs + GraceMs + 2)["carol"].Should().Be("bob after");
        AllChainsAgree(p, "every message was delivered in the end");
    }

    [Test]
    public void A_post_add_message_that_overtakes_a_members_pre_add_messages_still_decrypts_and_so_do_the_overtaken_ones()
    {
        // Carol has received only the first of bob's three pre-add messages when alice adds dave, and bob's first
        // post-add message arrives before the other two: carol finds bob's add position by trial (bounded by the jump
        // limit) and keeps the keys of the overtaken messages.
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        List<Wire.E2eeMsg> before = p.SendMany("bob", "bob before ", 3);
        p.Receive("carol", before[0]);
        p.Receive("alice", before[0]);
        p.Receive("alice", before[1]);
        p.Receive("alice", before[2]);

        p.Add("alice", NowMs, "dave");
        Wire.E2eeMsg after = p.Send("bob", "bob after the add");

        p.Receive("carol", after, NowMs + 1).Should().Be("bob after the add");
        p.Receive("carol", before[2], NowMs + 2).Should().Be("bob before 2");
        p.Receive("carol", before[1], NowMs + 3).Should().Be("bob before 1");
        p.Receive("alice", after, NowMs + 4).Should().Be("bob after the add");
        p.Receive("dave", after, NowMs + 5).Should().Be("bob after the add");
        RejectsUnchanged(p, "carol", before[1], ProtocolErrorCode.Replay, NowMs + 6); // the retired chain recognises the ciphertext it read
        AllChainsAgree(p, "carol re-derived bob's chain from his real add position");
    }

    [TestCase(2)]
    [TestCase(3)]
    public void A_member_whose_message_was_in_flight_across_several_adds_is_found_again_at_every_later_level(int adds)
    {
        // Bob's second message is on its way while alice adds several newcomers one after the other: alice derives each
        // level from her lagging copy, bob from his real position. A message bob writes after the adds reaches alice
        // first; she finds bob's real chains by searching the lowest level's position and following the adds up.
        string[] newcomers = [.. Enumerable.Range(0, adds).Select(i => $"newcomer{i}")];
        GroupParty p = Group(Label(), ["alice", "bob", "carol", .. newcomers]);
        foreach (string n in newcomers)
        {
            p.Remove("alice", NowMs, n);
        }

        List<Wire.E2eeMsg> before = p.SendMany("bob", "bob before ", 2);
        p.Receive("alice", before[0]);
        foreach (string n in newcomers)
        {
            p.Add("alice", NowMs, n);
        }

        Wire.E2eeMsg after = p.Send("bob", "bob after the adds");
        p.Receive("alice", after, NowMs + 1).Should().Be("bob after the adds");
        p.Receive("alice", before[1], NowMs + 2).Should().Be("bob before 1", "the lowest level's skipped keys stay with it");
        Wire.E2eeMsg later = p.Send("bob", "bob later");
        p.Receive("alice", later, NowMs + 3).Should().Be("bob later");
        RejectsUnchanged(p, "alice", after, ProtocolErrorCode.Replay, NowMs + 4);
    }
}
