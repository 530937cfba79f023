using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Tests.Support;
using static E2eeConformance.Engine.Tests.Support.Tamper;

namespace E2eeConformance.Engine.Tests.Groups;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// A sender's chain on the receiving side: messages out of order, replays, and the chain limits
/// (<see cref="ProtocolLimits.MaxMessagesPerChain"/>) at the bound and one past it.
/// </summary>
[TestFixtureSource(typeof(GroupContractFixture), nameof(GroupContractFixture.Suites))]
public sealed class GroupChainContractTests(string suiteName) : GroupContractFixture(suiteName)
{
    [Test]
    public void Six_messages_delivered_as_6_1_4_2_5_3_all_decrypt_and_every_skipped_key_is_consumed()
    {
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        List<Wire.E2eeMsg> sent = p.SendMany("alice", "m", 6);
        int[] order = [6, 1, 4, 2, 5, 3];
        int[] skippedAfter = [5, 4, 3, 2, 1, 0];

        for (int i = 0; i < order.Length; i++)
        {
            int n = order[i] - 1;
            p.Receive("bob", sent[n]).Should().Be($"m{n}");
            GroupChainState chain = p["bob"].Session.Receivers[p["alice"].Key].Current;
            chain.SkippedKeys.Should().HaveCount(skippedAfter[i], "after message {0}", order[i]);
            chain.Chain.Index.Should().Be(6u);
        }

        foreach (Wire.E2eeMsg m in sent)
        {
            p.Receive("carol", m);
        }

        AllChainsAgree(p, "both receivers consumed all six keys");
    }

    [Test]
    public void Replaying_a_delivered_group_message_fails_with_Replay_and_leaves_the_state_unchanged()
    {
        GroupParty p = Group(Label(), "alice", "bob");
        List<Wire.E2eeMsg> sent = p.SendMany("alice", "m", 3);
        p.Receive("bob", sent[0]);
        p.Receive("bob", sent[2]);

        RejectsUnchanged(p, "bob", sent[0], ProtocolErrorCode.Replay);
        RejectsUnchanged(p, "bob", sent[2], ProtocolErrorCode.Replay);
        p.Receive("bob", sent[1]).Should().Be("m1");
        RejectsUnchanged(p, "bob", sent[1], ProtocolErrorCode.Replay);
        RejectsUnchanged(p, "bob", sent[1].Clone(), ProtocolErrorCode.Replay);
    }

    [Test]
    public void A_payload_sequence_of_512_or_more_fails_with_ChainLimitExceeded_and_leaves_the_state_unchanged()
    {
        GroupParty p = BobHoldsSkippedKeys(Label(), out Wire.E2eeMsg first);

        // The sequence is not signed (REFERENCE-BEHAVIOUR §38): the signature still verifies, the bound check rejects.
        RejectsUnchanged(p, "bob", Copy(first, m => m.GroupMsg.Sequence = ProtocolLimits.MaxMessagesPerChain), ProtocolErrorCode.ChainLimitExceeded);
        RejectsUnchanged(p, "bob", Copy(first, m => m.GroupMsg.Sequence = uint.MaxValue), ProtocolErrorCode.ChainLimitExceeded);
        RejectsUnchanged(p, "carol", Copy(first, m => m.GroupMsg.Sequence = ProtocolLimits.MaxMessagesPerChain), ProtocolErrorCode.ChainLimitExceeded);

        p.Receive("bob", first).Should().Be("m0");
        p.Receive("carol", first).Should().Be("m0");
    }

    [Test]
    public void A_forward_jump_of_511_keys_decrypts_and_the_skipped_message_decrypts_afterwards()
    {
        // A jump of MaxForwardJump (512) cannot happen: sequences are below 512 and a receiving chain starts at 0.
        GroupParty p = Group(Label(), "alice", "bob");
        Wire.E2eeMsg m0 = p.Send("alice", "first");
        p.LoseSends("alice", ProtocolLimits.MaxMessagesPerChain - 2);
        Wire.E2eeMsg last = p.Send("alice", "last");
        last.GroupMsg.Sequence.Should().Be((uint)ProtocolLimits.MaxMessagesPerChain - 1);

        p.Receive("bob", last).Should().Be("last");
        GroupChainState chain = p["bob"].Session.Receivers[p["alice"].Key].Current;
        chain.SkippedKeys.Should().HaveCount(ProtocolLimits.MaxMessagesPerChain - 1);
        chain.Chain.Index.Should().Be(ProtocolLimits.MaxMessagesPerChain);

        p.Receive("bob", m0).Should().Be("first");
        p["bob"].Session.Receivers[p["alice"].Key].Current.SkippedKeys.Should().HaveCount(ProtocolLimits.MaxMessagesPerChain - 2);
        RejectsUnchanged(p, "bob", last, ProtocolErrorCode.Replay);
    }

    [Test]
    public void The_512th_message_of_a_sender_encrypts_and_the_513th_fails_with_ChainLimitReached()
    {
        GroupParty p = Group(Label(), "alice", "bob");
        Wire.E2eeMsg m0 = p.Send("alice", "first");
        p.LoseSends("alice", ProtocolLimits.MaxMessagesPerChain - 2);

        Wire.E2eeMsg m511 = p.Send("alice", "the 512th");
        m511.GroupMsg.Sequence.Should().Be(511u);
        GroupSession exhausted = p["alice"].Session;
        string dump = GroupStateDump.Of(exhausted);

        Rejects(() => exhausted.Encrypt(p["alice"].Account, "the 513th"u8, p.Random), ProtocolErrorCode.ChainLimitReached);

        GroupStateDump.Of(exhausted).Should().Be(dump);
        p.Receive("bob", m511).Should().Be("the 512th");
        p.Receive("bob", m0).Should().Be("first");
    }

    [Test]
    public void After_512_real_messages_from_one_sender_the_513th_fails_with_ChainLimitReached()
    {
        GroupParty p = Group(Label(), "alice", "bob");
        List<Wire.E2eeMsg> sent = p.SendMany("alice", "m", ProtocolLimits.MaxMessagesPerChain);
        Rejects(() => p.Send("alice", "one too many"), ProtocolErrorCode.ChainLimitReached);

        p.Receive("bob", sent[^1]).Should().Be("m511");
        p.Receive("bob", sent[0]).Should().Be("m0");
        p.Receive("bob", sent[256]).Should().Be("m256");
    }
}
