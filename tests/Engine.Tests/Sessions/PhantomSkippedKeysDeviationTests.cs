using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Tests.Support;

namespace E2eeConformance.Engine.Tests.Sessions;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// <see cref="ProtocolDeviations.PhantomSkippedKeys"/> (REFERENCE-BEHAVIOUR §33: spurious previous-chain keys pile up
/// quadratically in ping-pong traffic) against the default, which keeps only the keys of messages really missing.
/// </summary>
[TestFixtureSource(nameof(DeviationSuites))]
public sealed class PhantomSkippedKeysDeviationTests(string suiteName) : SessionContractFixture(suiteName)
{
    /// <summary>The suites this fixture runs over.</summary>
    public static readonly string[] DeviationSuites = ["ecc", "pqc"];

    /// <summary>200 alternating messages, 100 each way; every message opens a new chain on its receiver.</summary>
    private TwoParties PingPong(string label, ProtocolDeviations deviations)
    {
        TwoParties p = Establish(label);
        p.AliceDeviations = p.BobDeviations = deviations;
        for (int i = 0; i < 100; i++)
        {
            p.BobReceives(p.AliceSends($"ping {i}")).Should().Be($"ping {i}");
            p.AliceReceives(p.BobSends($"pong {i}")).Should().Be($"pong {i}");
        }

        return p;
    }

    [Test]
    public void Ping_pong_of_200_messages_leaves_0_plus_1_plus_up_to_99_phantom_keys_when_unbounded()
    {
        TwoParties p = PingPong(Label(), ProtocolDeviations.PhantomSkippedKeys | ProtocolDeviations.UnboundedSkippedKeys);

        p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(4_950, "Alice's k-th chain leaves k phantom keys of the one before");
        p.AliceSession.Ratchet.SkippedKeys.Should().HaveCount(4_950);
    }

    [Test]
    public void Ping_pong_of_200_messages_fills_the_bounded_store_with_phantom_keys()
    {
        TwoParties p = PingPong(Label(), ProtocolDeviations.PhantomSkippedKeys);

        p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(ProtocolLimits.MaxStoredSkippedKeys);
        p.BobSession.Ratchet.EvictedKeys.Should().NotBeEmpty();
    }

    [Test]
    public void By_default_ping_pong_leaves_no_stored_key()
    {
        TwoParties p = PingPong(Label(), ProtocolDeviations.None);

        p.BobSession.Ratchet.SkippedKeys.Should().BeEmpty();
        p.AliceSession.Ratchet.SkippedKeys.Should().BeEmpty();
    }

    [Test]
    public void Genuine_late_messages_across_a_chain_change_still_decrypt_among_the_phantom_keys()
    {
        foreach (ProtocolDeviations deviations in new[] { ProtocolDeviations.None, ProtocolDeviations.PhantomSkippedKeys })
        {
            TwoParties p = Establish($"{Label()}/{deviations}");
            p.AliceDeviations = p.BobDeviations = deviations;
            p.BobReceives(p.AliceSends("warm-up")).Should().Be("warm-up");
            p.AliceReceives(p.BobSends("reply")).Should().Be("reply");
            List<Wire.E2eeMsg> late = p.AliceSendsMany("a", 3);
            p.BobReceives(late[0]).Should().Be("a0");
            p.AliceReceives(p.BobSends("reply 2")).Should().Be("reply 2");

            p.BobReceives(p.AliceSends("b0")).Should().Be("b0");

            // 2 keys are really missing (a1, a2). The reference keeps 4 from the chain's position (Alice sent 4 messages
            // before "b0": a1, a2 and 2 phantoms), plus 1 phantom from when "a0" opened its chain (1 message before it).
            p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(deviations == ProtocolDeviations.None ? 2 : 5);
            p.BobReceives(late[2]).Should().Be("a2");
            p.BobReceives(late[1]).Should().Be("a1");
            p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(deviations == ProtocolDeviations.None ? 0 : 3);
        }
    }
}
