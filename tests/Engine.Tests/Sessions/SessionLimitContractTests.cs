using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;
using E2eeConformance.Engine.Tests.Support;
using static E2eeConformance.Engine.Tests.Support.Tamper;

namespace E2eeConformance.Engine.Tests.Sessions;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// Each <see cref="ProtocolLimits"/> bound of a session at the bound and one past it (chain length, forward jump, stored
/// skipped keys), and the consistency of the counters on a new chain.
/// </summary>
[TestFixtureSource(typeof(SessionContractFixture), nameof(SessionContractFixture.Suites))]
public sealed class SessionLimitContractTests(string suiteName) : SessionContractFixture(suiteName)
{
    // ------------------------------------------------------------------------------------------ limits

    [Test]
    public void Encrypting_512_messages_on_one_chain_works_and_the_513th_fails_with_ChainLimitReached()
    {
        TwoParties p = Establish(Label());
        List<Wire.E2eeMsg> sent = p.AliceSendsMany("m", ProtocolLimits.MaxMessagesPerChain);
        sent[^1].One2OneMsg.Sequence.Should().Be(511u);
        EstablishedSession full = p.AliceSession;
        string dump = StateDump.Of(full);

        Rejects(() => p.AliceSends("one too many"), ProtocolErrorCode.ChainLimitReached);
        p.AliceSession.Should().BeSameAs(full);
        StateDump.Of(full).Should().Be(dump);

        // A received message opens a new chain of Alice's own, and she can send again.
        p.BobReceives(sent[^1]).Should().Be("m511");
        p.AliceReceives(p.BobSends("reply")).Should().Be("reply");
        p.BobReceives(p.AliceSends("after the step")).Should().Be("after the step");
    }

    [Test]
    public void A_received_sequence_of_511_is_accepted_but_512_and_4_000_000_000_fail_with_ChainLimitExceeded()
    {
        TwoParties p = Establish(Label());
        List<Wire.E2eeMsg> sent = p.AliceSendsMany("m", ProtocolLimits.MaxMessagesPerChain);
        Wire.E2eeMsg last = sent[^1];

        // Before the chain is open (a new-chain message) …
        BobRejects(p, Payload(last, x => x.Sequence = 512), ProtocolErrorCode.ChainLimitExceeded);
        BobRejects(p, Payload(last, x => x.Sequence = 4_000_000_000), ProtocolErrorCode.ChainLimitExceeded);

        p.BobReceives(last).Should().Be("m511");
        p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(511, "an in-chain jump is at most 511");

        // … and on the open chain.
        BobRejects(p, Payload(last, x => x.Sequence = 512), ProtocolErrorCode.ChainLimitExceeded);
        BobRejects(p, Payload(last, x => x.Sequence = 4_000_000_000), ProtocolErrorCode.ChainLimitExceeded);
        p.BobReceives(sent[0]).Should().Be("m0");
    }

    /// <summary>
    /// Alice's first chain: <paramref name="firstChain"/> messages, only the first delivered. Bob replies; Alice's second
    /// chain: <paramref name="secondChain"/> messages, none delivered yet. Delivering the one with sequence s needs
    /// (firstChain − 1) + s skipped keys.
    /// </summary>
    private (TwoParties P, List<Wire.E2eeMsg> First, List<Wire.E2eeMsg> Second) TwoChainsMostlyUndelivered(string label, int firstChain, int secondChain)
    {
        TwoParties p = Establish(label);
        List<Wire.E2eeMsg> first = p.AliceSendsMany("x", firstChain);
        p.BobReceives(first[0]).Should().Be("x0");
        p.AliceReceives(p.BobSends("reply")).Should().Be("reply");
        List<Wire.E2eeMsg> second = p.AliceSendsMany("y", secondChain);
        return (p, first, second);
    }

    [Test]
    public void A_new_chain_message_needing_exactly_512_skipped_keys_is_accepted_and_one_needing_513_fails_with_JumpTooFar()
    {
        (TwoParties p, List<Wire.E2eeMsg> first, List<Wire.E2eeMsg> second) = TwoChainsMostlyUndelivered(Label(), 300, 215);
        EstablishedSession start = p.BobSession;

        // 299 missing from the first chain + 212 on the second = 511.
        p.BobReceives(second[212]).Should().Be("y212");
        p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(511);

        // 299 + 213 = 512 = MaxForwardJump: at the bound.
        p.BobSession = start;
        p.BobReceives(second[213]).Should().Be("y213");
        p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(ProtocolLimits.MaxForwardJump);

        // 299 + 214 = 513: one past it.
        p.BobSession = start;
        BobRejects(p, second[214], ProtocolErrorCode.JumpTooFar);

        // After sequence 213 opened the chain, 214 is an ordinary in-chain step, and the kept keys still work.
        p.BobReceives(second[213]).Should().Be("y213");
        p.BobReceives(second[214]).Should().Be("y214");
        p.BobReceives(first[299]).Should().Be("x299");
    }

    [Test]
    public void Storing_exactly_1024_skipped_keys_keeps_them_all_and_the_1025th_evicts_the_oldest()
    {
        TwoParties p = Establish(Label());
        const int Full = ProtocolLimits.MaxMessagesPerChain;

        // Chain 1: only its last message arrives: 511 keys kept.
        List<Wire.E2eeMsg> chain1 = p.AliceSendsMany("c1/", Full);
        p.BobReceives(chain1[^1]).Should().Be("c1/511");
        p.AliceReceives(p.BobSends("r1")).Should().Be("r1");

        // Chain 2: the same: 1022 keys kept.
        List<Wire.E2eeMsg> chain2 = p.AliceSendsMany("c2/", Full);
        p.BobReceives(chain2[^1]).Should().Be("c2/511");
        p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(1022);
        p.AliceReceives(p.BobSends("r2")).Should().Be("r2");

        List<Wire.E2eeMsg> chain3 = p.AliceSendsMany("c3/", 6);

        // Sequence 2 keeps 2 more: exactly MaxStoredSkippedKeys, nothing evicted.
        EstablishedSession atBound = p.BobSession;
        p.BobReceives(chain3[2]).Should().Be("c3/2");
        p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(ProtocolLimits.MaxStoredSkippedKeys);
        p.BobSession.Ratchet.SkippedKeys[0].Index.Should().Be(0u, "the oldest key (chain 1, index 0) is still held");

        // One past the bound: sequence 3 instead keeps 3 more, so the oldest key is evicted and the store stays full.
        p.BobSession = atBound;
        p.BobReceives(chain3[3]).Should().Be("c3/3");
        p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(ProtocolLimits.MaxStoredSkippedKeys);
        BobRejects(p, chain1[0], ProtocolErrorCode.EvictedKey);
        p.BobReceives(chain1[1]).Should().Be("c1/1");
        p.BobReceives(chain3[0]).Should().Be("c3/0");
        p.BobReceives(chain2[0]).Should().Be("c2/0");
        p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(ProtocolLimits.MaxStoredSkippedKeys - 3);
    }

    // ------------------------------------------------------------------------------------------ counters

    [Test]
    public void A_new_chain_message_with_a_sending_message_sequence_below_sequence_plus_one_fails_with_InconsistentCounters()
    {
        TwoParties p = Establish(Label());
        List<Wire.E2eeMsg> a = p.AliceSendsMany("a", 3);

        BobRejects(p, Payload(a[0], x => x.SendingMessageSequence = 0), ProtocolErrorCode.InconsistentCounters);
        BobRejects(p, Payload(a[2], x => x.SendingMessageSequence = 2), ProtocolErrorCode.InconsistentCounters);
        BobRejects(p, Payload(a[2], x => x.SendingMessageSequence = 0), ProtocolErrorCode.InconsistentCounters);

        // At the bound (sending_message_sequence = sequence + 1) it is consistent.
        a[2].One2OneMsg.SendingMessageSequence.Should().Be(3u);
        p.BobReceives(a[2]).Should().Be("a2");

        // On Alice's next chain too.
        p.AliceReceives(p.BobSends("b")).Should().Be("b");
        List<Wire.E2eeMsg> next = p.AliceSendsMany("n", 2);
        BobRejects(p, Payload(next[1], x => x.SendingMessageSequence = 1), ProtocolErrorCode.InconsistentCounters);
        p.BobReceives(next[1]).Should().Be("n1");
        p.BobReceives(next[0]).Should().Be("n0");
        p.BobReceives(a[0]).Should().Be("a0");
        p.BobReceives(a[1]).Should().Be("a1");
    }
}
