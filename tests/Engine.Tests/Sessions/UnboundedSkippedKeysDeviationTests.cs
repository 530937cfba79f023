using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Tests.Support;
using static E2eeConformance.Engine.Tests.Support.Tamper;

namespace E2eeConformance.Engine.Tests.Sessions;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// <see cref="ProtocolDeviations.UnboundedSkippedKeys"/> (REFERENCE-BEHAVIOUR §32: nothing bounds the skipped keys) against
/// the default's forward-jump bound and stored-key eviction.
/// </summary>
[TestFixtureSource(nameof(DeviationSuites))]
public sealed class UnboundedSkippedKeysDeviationTests(string suiteName) : SessionContractFixture(suiteName)
{
    /// <summary>The suites this fixture runs over.</summary>
    public static readonly string[] DeviationSuites = ["ecc", "pqc"];

    private const ProtocolDeviations Reference = ProtocolDeviations.NoChainLimit | ProtocolDeviations.UnboundedSkippedKeys;

    [Test]
    public void A_1999_key_jump_decrypts_stores_every_skipped_key_and_each_skipped_message_reads_later()
    {
        TwoParties p = Establish(Label());
        p.AliceDeviations = p.BobDeviations = Reference;
        List<Wire.E2eeMsg> sent = p.AliceSendsMany("m", 2000);

        p.BobReceives(sent[^1]).Should().Be("m1999");

        p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(1999, "no bound, no eviction");
        p.BobSession.Ratchet.EvictedKeys.Should().BeEmpty();
        p.BobReceives(sent[0]).Should().Be("m0");
        p.BobReceives(sent[1000]).Should().Be("m1000");
        p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(1997);
    }

    [Test]
    public void By_default_the_same_jump_fails_with_JumpTooFar()
    {
        TwoParties p = Establish(Label());
        p.AliceDeviations = Reference;
        p.BobDeviations = ProtocolDeviations.NoChainLimit;
        List<Wire.E2eeMsg> sent = p.AliceSendsMany("m", 2000);

        BobRejects(p, sent[^1], ProtocolErrorCode.JumpTooFar);
    }

    [Test]
    public void Across_two_chains_within_the_chain_limit_a_910_key_gap_decrypts_only_with_the_switch()
    {
        TwoParties p = Establish(Label());
        List<Wire.E2eeMsg> first = p.AliceSendsMany("x", ProtocolLimits.MaxMessagesPerChain);
        p.BobReceives(first[0]).Should().Be("x0");
        p.AliceReceives(p.BobSends("reply")).Should().Be("reply");
        List<Wire.E2eeMsg> second = p.AliceSendsMany("y", 400);

        BobRejects(p, second[^1], ProtocolErrorCode.JumpTooFar); // 511 missing + 399 = 910

        p.BobDeviations = ProtocolDeviations.UnboundedSkippedKeys;
        p.BobReceives(second[^1]).Should().Be("y399");
        p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(910);
        p.BobReceives(first[511]).Should().Be("x511");
        p.BobReceives(second[0]).Should().Be("y0");
    }

    [Test]
    public void Stored_keys_beyond_1024_are_evicted_by_default_and_kept_with_the_switch()
    {
        foreach (ProtocolDeviations bobs in new[] { ProtocolDeviations.None, ProtocolDeviations.UnboundedSkippedKeys })
        {
            TwoParties p = Establish($"{Label()}/{bobs}");
            p.BobDeviations = bobs;
            List<Wire.E2eeMsg> oldest = [];
            for (int chain = 0; chain < 3; chain++)
            {
                // Per chain: 400 messages, only the last delivered (399 kept), then Bob answers so Alice opens a new one.
                List<Wire.E2eeMsg> sent = p.AliceSendsMany($"c{chain}-", 400);
                oldest.Add(sent[0]);
                p.BobReceives(sent[^1]).Should().Be($"c{chain}-399");
                p.AliceReceives(p.BobSends($"reply {chain}")).Should().Be($"reply {chain}");
            }

            if (bobs == ProtocolDeviations.None)
            {
                p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(ProtocolLimits.MaxStoredSkippedKeys);
                BobRejects(p, oldest[0], ProtocolErrorCode.EvictedKey);
            }
            else
            {
                p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(3 * 399);
                p.BobReceives(oldest[0]).Should().Be("c0-0");
            }
        }
    }
}
