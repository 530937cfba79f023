using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Tests.Support;
using static E2eeConformance.Engine.Tests.Support.Tamper;

namespace E2eeConformance.Engine.Tests.Sessions;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// <see cref="ProtocolDeviations.NoChainLimit"/> (REFERENCE-BEHAVIOUR §32: the reference has no 512-message chain
/// limit) against the default, which enforces it.
/// </summary>
[TestFixtureSource(nameof(DeviationSuites))]
public sealed class NoChainLimitDeviationTests(string suiteName) : SessionContractFixture(suiteName)
{
    /// <summary>The suites this fixture runs over.</summary>
    public static readonly string[] DeviationSuites = ["ecc", "pqc"];

    private const int PastTheLimit = ProtocolLimits.MaxMessagesPerChain + 88;

    [Test]
    public void A_deviant_pair_sends_and_reads_600_messages_on_one_chain_and_a_next_chain_after_it()
    {
        TwoParties p = Establish(Label());
        p.AliceDeviations = p.BobDeviations = ProtocolDeviations.NoChainLimit;

        List<Wire.E2eeMsg> sent = p.AliceSendsMany("m", PastTheLimit);

        sent[^1].One2OneMsg.Sequence.Should().Be((uint)PastTheLimit - 1);
        for (int i = 0; i < sent.Count; i++)
        {
            p.BobReceives(sent[i]).Should().Be($"m{i}");
        }

        // The next chain says the previous one carried 600 messages: past the limit, accepted.
        p.AliceReceives(p.BobSends("reply")).Should().Be("reply");
        p.BobReceives(p.AliceSends("next chain")).Should().Be("next chain");
        p.BobSession.Ratchet.SkippedKeys.Should().BeEmpty();
    }

    [Test]
    public void A_deviant_receiver_accepts_a_previous_chain_longer_than_512()
    {
        TwoParties p = Establish(Label());
        p.AliceDeviations = p.BobDeviations = ProtocolDeviations.NoChainLimit;
        List<Wire.E2eeMsg> first = p.AliceSendsMany("x", 520);
        p.BobReceives(first[511]).Should().Be("x511");
        p.BobReceives(first[^1]).Should().Be("x519");
        p.AliceReceives(p.BobSends("reply")).Should().Be("reply");
        Wire.E2eeMsg opening = p.AliceSends("y0");

        p.BobDeviations = ProtocolDeviations.None;
        BobRejects(p, opening, ProtocolErrorCode.ChainLimitExceeded);

        p.BobDeviations = ProtocolDeviations.NoChainLimit;
        p.BobReceives(opening).Should().Be("y0");
    }

    [Test]
    public void By_default_the_513th_encrypt_fails_and_a_deviant_senders_513th_message_is_refused()
    {
        TwoParties p = Establish(Label());
        p.AliceSendsMany("m", ProtocolLimits.MaxMessagesPerChain);
        Rejects(() => p.AliceSends("one too many"), ProtocolErrorCode.ChainLimitReached);

        p.AliceDeviations = ProtocolDeviations.NoChainLimit;
        Wire.E2eeMsg past = p.AliceSends("m512");
        past.One2OneMsg.Sequence.Should().Be(512u);

        BobRejects(p, past, ProtocolErrorCode.ChainLimitExceeded);
        p.BobDeviations = ProtocolDeviations.NoChainLimit;
        p.BobReceives(past).Should().Be("m512");
    }

    [Test]
    public void No_chain_limit_keeps_the_forward_jump_bound()
    {
        TwoParties p = Establish(Label());
        p.AliceDeviations = p.BobDeviations = ProtocolDeviations.NoChainLimit;
        List<Wire.E2eeMsg> sent = p.AliceSendsMany("m", PastTheLimit);

        BobRejects(p, sent[^1], ProtocolErrorCode.JumpTooFar);
        p.BobReceives(sent[ProtocolLimits.MaxForwardJump]).Should().Be($"m{ProtocolLimits.MaxForwardJump}");
        p.BobReceives(sent[^1]).Should().Be($"m{PastTheLimit - 1}");
    }
}
