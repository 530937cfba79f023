using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Tests.Support;
using E2eeConformance.TestSupport;
using static E2eeConformance.Engine.Tests.Support.Tamper;

namespace E2eeConformance.Engine.Tests.Sessions;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// A one-to-one message that finds no key fails with the code that says why (see <c>DoubleRatchet.Decrypt</c>):
/// <c>evicted_key</c> at a position whose skipped key the full store evicted, <c>replay</c> at a position whose key was
/// spent decrypting, <c>superseded_chain</c> at a position we never derived (a chain closed before it, or a chain older
/// than <see cref="ProtocolLimits.MaxRememberedClosedChains"/>). Each case has its negative twin: a real replay in the
/// same state is still <c>replay</c>. Every rejection leaves the state byte-for-byte unchanged.
/// </summary>
[TestFixtureSource(typeof(SessionContractFixture), nameof(SessionContractFixture.Suites))]
public sealed class SessionErrorCodeTests(string suiteName) : CipherSuiteFixture(suiteName)
{
    private TwoParties Establish(string label) => TwoParties.Establish(Suite, label);

    private static string Label([System.Runtime.CompilerServices.CallerMemberName] string test = "") => test;

    /// <summary>
    /// Bob received only the last message of Alice's first two chains (1022 skipped keys), then message 3 of her third
    /// chain: 3 more keys, one past the store, so the oldest (chain 1, index 0) is evicted.
    /// </summary>
    private (TwoParties P, List<Wire.E2eeMsg> Chain1) EvictTheOldestKey(string label)
    {
        TwoParties p = Establish(label);
        const int Full = ProtocolLimits.MaxMessagesPerChain;
        List<Wire.E2eeMsg> chain1 = p.AliceSendsMany("c1/", Full);
        p.BobReceives(chain1[^1]).Should().Be("c1/511");
        p.AliceReceives(p.BobSends("r1")).Should().Be("r1");
        List<Wire.E2eeMsg> chain2 = p.AliceSendsMany("c2/", Full);
        p.BobReceives(chain2[^1]).Should().Be("c2/511");
        p.AliceReceives(p.BobSends("r2")).Should().Be("r2");
        List<Wire.E2eeMsg> chain3 = p.AliceSendsMany("c3/", 4);
        p.BobReceives(chain3[3]).Should().Be("c3/3");
        p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(ProtocolLimits.MaxStoredSkippedKeys);
        p.BobSession.Ratchet.EvictedKeys.Should().ContainSingle().Which.Index.Should().Be(0u);
        return (p, chain1);
    }

    [Test]
    public void A_message_whose_skipped_key_was_evicted_fails_with_EvictedKey()
    {
        (TwoParties p, List<Wire.E2eeMsg> chain1) = EvictTheOldestKey(Label());

        BobRejects(p, chain1[0], ProtocolErrorCode.EvictedKey);
        BobRejects(p, chain1[0], ProtocolErrorCode.EvictedKey);
    }

    [Test]
    public void Next_to_an_evicted_key_a_message_read_twice_still_fails_with_Replay()
    {
        (TwoParties p, List<Wire.E2eeMsg> chain1) = EvictTheOldestKey(Label());

        BobRejects(p, chain1[^1], ProtocolErrorCode.Replay);
        p.BobReceives(chain1[1]).Should().Be("c1/1", "the key next to the evicted one is still held");
        BobRejects(p, chain1[1], ProtocolErrorCode.Replay);
    }

    /// <summary>
    /// Alice sends a0–a2 on her first chain; Bob reads a0 and replies; Alice's next-chain message a3 reaches Bob with
    /// sending_message_sequence lowered from 4 to 2 (the field is not authenticated), so Bob closes her first chain after
    /// one message and keeps no key for a1 or a2.
    /// </summary>
    private (TwoParties P, List<Wire.E2eeMsg> First) CloseTheFirstChainEarly(string label)
    {
        TwoParties p = Establish(label);
        List<Wire.E2eeMsg> first = p.AliceSendsMany("a", 3);
        p.BobReceives(first[0]).Should().Be("a0");
        p.AliceReceives(p.BobSends("b0")).Should().Be("b0");
        Wire.E2eeMsg a3 = p.AliceSends("a3");
        a3.One2OneMsg.SendingMessageSequence.Should().Be(4u);
        p.BobReceives(Payload(a3, x => x.SendingMessageSequence = 2)).Should().Be("a3");
        p.BobSession.Ratchet.SkippedKeys.Should().BeEmpty();
        return (p, first);
    }

    [Test]
    public void A_message_past_the_end_at_which_its_chain_was_closed_fails_with_SupersededChain()
    {
        (TwoParties p, List<Wire.E2eeMsg> first) = CloseTheFirstChainEarly(Label());

        BobRejects(p, first[1], ProtocolErrorCode.SupersededChain);
        BobRejects(p, first[2], ProtocolErrorCode.SupersededChain);
    }

    [Test]
    public void A_message_before_the_end_at_which_its_chain_was_closed_and_read_already_fails_with_Replay()
    {
        (TwoParties p, List<Wire.E2eeMsg> first) = CloseTheFirstChainEarly(Label());

        BobRejects(p, first[0], ProtocolErrorCode.Replay);
    }

    /// <summary>Alice's first message, then <paramref name="closings"/> round trips: each closes one of Alice's chains at Bob.</summary>
    private (TwoParties P, Wire.E2eeMsg First) CloseChains(string label, int closings)
    {
        TwoParties p = Establish(label);
        Wire.E2eeMsg first = p.AliceSends("first");
        p.BobReceives(first).Should().Be("first");
        for (int i = 0; i < closings; i++)
        {
            p.AliceReceives(p.BobSends($"b{i}")).Should().Be($"b{i}");
            p.BobReceives(p.AliceSends($"a{i}")).Should().Be($"a{i}");
        }

        return (p, first);
    }

    [Test]
    public void A_replay_from_the_oldest_of_the_remembered_closed_chains_fails_with_Replay()
    {
        (TwoParties p, Wire.E2eeMsg first) = CloseChains(Label(), ProtocolLimits.MaxRememberedClosedChains);
        p.BobSession.Ratchet.ClosedChainEnds.Should().HaveCount(ProtocolLimits.MaxRememberedClosedChains);

        BobRejects(p, first, ProtocolErrorCode.Replay);
    }

    [Test]
    public void A_message_from_a_chain_older_than_the_remembered_closed_chains_fails_with_SupersededChain()
    {
        (TwoParties p, Wire.E2eeMsg first) = CloseChains(Label(), ProtocolLimits.MaxRememberedClosedChains + 1);
        p.BobSession.Ratchet.ClosedChainEnds.Should().HaveCount(ProtocolLimits.MaxRememberedClosedChains);
        p.BobSession.Ratchet.ClosedChainEnds.Should().NotContainKey(first.One2OneMsg.RootSequence);

        BobRejects(p, first, ProtocolErrorCode.SupersededChain);
    }
}
