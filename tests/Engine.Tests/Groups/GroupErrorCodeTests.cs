using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Tests.Support;
using E2eeConformance.TestSupport;
using static E2eeConformance.Engine.Tests.Support.Tamper;

namespace E2eeConformance.Engine.Tests.Groups;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// A group message that finds no key at its position fails with the code that says why (see
/// <see cref="GroupChainState"/>): <c>replay</c> when that very ciphertext was decrypted there, <c>superseded_chain</c>
/// when the position was spent on another message — group chain indices restart at 0 after an add, so a message of the
/// chain before (or after) an add lands on positions the chain we hold has spent. Each case has its negative twin: the
/// real replay in the same state is still <c>replay</c>. Every rejection leaves the state byte-for-byte unchanged.
/// </summary>
[TestFixtureSource(typeof(GroupContractFixture), nameof(GroupContractFixture.Suites))]
public sealed class GroupErrorCodeTests(string suiteName) : CipherSuiteFixture(suiteName)
{
    private const long NowMs = GroupParty.NowMs;

    private static readonly long GraceMs = (long)ProtocolLimits.RetiredGroupSessionGrace.TotalMilliseconds;

    private GroupParty Group(string label, params string[] names) => GroupParty.Create(Suite, label, names);

    private static string Label([System.Runtime.CompilerServices.CallerMemberName] string test = "") => test;

    private static void RejectsUnchanged(GroupParty p, string receiver, Wire.E2eeMsg message, ProtocolErrorCode code, long nowMs = NowMs)
    {
        GroupState before = p[receiver].State;
        string dump = GroupStateDump.Of(before);
        Rejects(() => p.Receive(receiver, message, nowMs), code);
        p[receiver].State.Should().BeSameAs(before, "a failed decrypt commits nothing");
        GroupStateDump.Of(before).Should().Be(dump, "a failed decrypt must leave the state unchanged");
    }

    /// <summary>Alice writes "before" (index 0), adds dave, writes "after" (index 0 of her post-add chain), read by dave.</summary>
    private (GroupParty P, Wire.E2eeMsg Before, Wire.E2eeMsg After) NewcomerReadsThePostAddMessage(string label)
    {
        GroupParty p = Group(label, "alice", "bob");
        Wire.E2eeMsg before = p.Send("alice", "before");
        p.Add("alice", NowMs, "dave");
        Wire.E2eeMsg after = p.Send("alice", "after");
        after.GroupMsg.Sequence.Should().Be(before.GroupMsg.Sequence, "indices restart at the add");
        p.Receive("dave", after).Should().Be("after");
        return (p, before, after);
    }

    [Test]
    public void A_message_from_before_a_newcomer_joined_at_a_position_it_has_spent_fails_with_SupersededChain()
    {
        (GroupParty p, Wire.E2eeMsg before, _) = NewcomerReadsThePostAddMessage(Label());

        RejectsUnchanged(p, "dave", before, ProtocolErrorCode.SupersededChain);
    }

    [Test]
    public void The_post_add_message_delivered_twice_to_the_newcomer_fails_with_Replay()
    {
        (GroupParty p, _, Wire.E2eeMsg after) = NewcomerReadsThePostAddMessage(Label());

        RejectsUnchanged(p, "dave", after, ProtocolErrorCode.Replay);
        RejectsUnchanged(p, "dave", after.Clone(), ProtocolErrorCode.Replay);
    }

    /// <summary>
    /// Bob reads alice's pre-add "before" (index 0); alice adds dave and writes "after" (index 0 again), which bob reads.
    /// </summary>
    private (GroupParty P, Wire.E2eeMsg Before, Wire.E2eeMsg After) MemberReadsBothSidesOfTheAdd(string label)
    {
        GroupParty p = Group(label, "alice", "bob");
        Wire.E2eeMsg before = p.Send("alice", "before");
        p.Receive("bob", before).Should().Be("before");
        p.Add("alice", NowMs, "dave");
        Wire.E2eeMsg after = p.Send("alice", "after");
        p.Receive("bob", after, NowMs + 1).Should().Be("after");
        return (p, before, after);
    }

    [Test]
    public void A_pre_add_message_delivered_again_within_the_grace_fails_with_Replay_because_the_retired_chain_recognises_it()
    {
        (GroupParty p, Wire.E2eeMsg before, Wire.E2eeMsg after) = MemberReadsBothSidesOfTheAdd(Label());

        RejectsUnchanged(p, "bob", before, ProtocolErrorCode.Replay, NowMs + 2);
        RejectsUnchanged(p, "bob", after, ProtocolErrorCode.Replay, NowMs + 2);
    }

    [Test]
    public void A_pre_add_message_delivered_after_its_retired_chain_is_gone_fails_with_SupersededChain()
    {
        (GroupParty p, Wire.E2eeMsg before, Wire.E2eeMsg after) = MemberReadsBothSidesOfTheAdd(Label());
        long pastGrace = NowMs + GraceMs + 1;

        RejectsUnchanged(p, "bob", before, ProtocolErrorCode.SupersededChain, pastGrace);
        RejectsUnchanged(p, "bob", after, ProtocolErrorCode.Replay, pastGrace);
    }

    [Test]
    public void A_post_add_message_that_reaches_a_member_before_the_add_fails_with_SupersededChain_not_Replay()
    {
        GroupParty p = Group(Label(), "alice", "bob");
        Wire.E2eeMsg before = p.Send("alice", "before");
        p.Receive("bob", before).Should().Be("before");
        GroupState bobBeforeTheAdd = p["bob"].State;
        p.Add("alice", NowMs, "dave");
        Wire.E2eeMsg after = p.Send("alice", "after");

        // The add notice has not reached bob yet: he still holds alice's pre-add chain, whose index 0 read "before".
        p["bob"].State = bobBeforeTheAdd;
        RejectsUnchanged(p, "bob", after, ProtocolErrorCode.SupersededChain);
        RejectsUnchanged(p, "bob", before, ProtocolErrorCode.Replay);
    }

    [Test]
    public void A_group_chain_never_evicts_because_a_whole_chain_of_skipped_keys_fits_the_store()
    {
        // Why group chains never report evicted_key: the most keys one chain can skip is the chain limit minus one.
        (ProtocolLimits.MaxMessagesPerChain - 1).Should().BeLessThan(ProtocolLimits.MaxStoredSkippedKeys);

        GroupParty p = Group(Label(), "alice", "bob");
        Wire.E2eeMsg first = p.Send("alice", "first");
        p.LoseSends("alice", ProtocolLimits.MaxMessagesPerChain - 2);
        p.Receive("bob", p.Send("alice", "last")).Should().Be("last");
        p.Receive("bob", first).Should().Be("first", "the oldest skipped key is still held");
    }
}
