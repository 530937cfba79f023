using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Tests.Support;
using static E2eeConformance.Engine.Tests.Support.Tamper;

namespace E2eeConformance.Engine.Tests.Groups;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// <see cref="ProtocolDeviations.NoChainLimit"/> and <see cref="ProtocolDeviations.UnboundedSkippedKeys"/> on group chains
/// (REFERENCE-BEHAVIOUR §32, §39) against the default's chain limit and forward-jump bound.
/// </summary>
[TestFixtureSource(nameof(DeviationSuites))]
public sealed class GroupChainLimitDeviationTests(string suiteName) : GroupContractFixture(suiteName)
{
    /// <summary>The suites this fixture runs over.</summary>
    public static readonly string[] DeviationSuites = ["ecc", "pqc"];

    [Test]
    public void A_deviant_sender_writes_its_513th_group_message_which_only_a_deviant_receiver_reads()
    {
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        p.LoseSends("alice", ProtocolLimits.MaxMessagesPerChain - 1);
        p.Receive("bob", p.Send("alice", "m511")).Should().Be("m511");

        Rejects(() => p.Send("alice", "m512"), ProtocolErrorCode.ChainLimitReached);
        p.Deviations["alice"] = ProtocolDeviations.NoChainLimit;
        Wire.E2eeMsg past = p.Send("alice", "m512");
        past.GroupMsg.Sequence.Should().Be(512u);

        RejectsUnchanged(p, "carol", past, ProtocolErrorCode.ChainLimitExceeded);
        p.Deviations["bob"] = ProtocolDeviations.NoChainLimit;
        p.Receive("bob", past).Should().Be("m512");
    }

    [Test]
    public void A_group_jump_past_512_keys_needs_unbounded_skipped_keys_and_then_keeps_every_key()
    {
        GroupParty p = Group(Label(), "alice", "bob");
        p.Deviations["alice"] = ProtocolDeviations.NoChainLimit;
        p.LoseSends("alice", 1_999);
        Wire.E2eeMsg far = p.Send("alice", "m1999");

        p.Deviations["bob"] = ProtocolDeviations.NoChainLimit;
        RejectsUnchanged(p, "bob", far, ProtocolErrorCode.JumpTooFar);

        p.Deviations["bob"] = ProtocolDeviations.NoChainLimit | ProtocolDeviations.UnboundedSkippedKeys;
        p.Receive("bob", far).Should().Be("m1999");
        GroupChainState chain = p["bob"].Session.Receivers[p["alice"].Key].Current;
        chain.SkippedKeys.Should().HaveCount(1_999, "no eviction beyond 1024");
    }
}
