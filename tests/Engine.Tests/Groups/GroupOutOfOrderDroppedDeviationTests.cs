using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Tests.Support;

namespace E2eeConformance.Engine.Tests.Groups;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// <see cref="ProtocolDeviations.GroupOutOfOrderDropped"/> (REFERENCE-BEHAVIOUR §39: no skipped-key store, an older group
/// message is tried with the wrong key and dropped) against the default's out-of-order store.
/// </summary>
[TestFixtureSource(nameof(DeviationSuites))]
public sealed class GroupOutOfOrderDroppedDeviationTests(string suiteName) : GroupContractFixture(suiteName)
{
    /// <summary>The suites this fixture runs over.</summary>
    public static readonly string[] DeviationSuites = ["ecc", "pqc"];

    [Test]
    public void A_deviant_receiver_keeps_no_skipped_keys_and_an_older_message_fails_with_BadTag()
    {
        GroupParty p = Group(Label(), "alice", "bob");
        p.Deviations["bob"] = ProtocolDeviations.GroupOutOfOrderDropped;
        List<Wire.E2eeMsg> sent = p.SendMany("alice", "m", 4);

        p.Receive("bob", sent[2]).Should().Be("m2");

        GroupChainState chain = p["bob"].Session.Receivers[p["alice"].Key].Current;
        chain.SkippedKeys.Should().BeEmpty("the keys of m0 and m1 were derived and discarded");
        chain.Chain.Index.Should().Be(3u);
        RejectsUnchanged(p, "bob", sent[0], ProtocolErrorCode.BadTag);
        RejectsUnchanged(p, "bob", sent[1], ProtocolErrorCode.BadTag);
        RejectsUnchanged(p, "bob", sent[2], ProtocolErrorCode.BadTag); // a replay is tried with the wrong key too
        p.Receive("bob", sent[3]).Should().Be("m3", "in-order messages still read");
    }

    [Test]
    public void By_default_the_same_older_messages_decrypt_and_a_replay_is_a_Replay()
    {
        GroupParty p = Group(Label(), "alice", "bob");
        List<Wire.E2eeMsg> sent = p.SendMany("alice", "m", 4);

        p.Receive("bob", sent[2]).Should().Be("m2");

        p["bob"].Session.Receivers[p["alice"].Key].Current.SkippedKeys.Should().HaveCount(2);
        p.Receive("bob", sent[0]).Should().Be("m0");
        p.Receive("bob", sent[1]).Should().Be("m1");
        RejectsUnchanged(p, "bob", sent[2], ProtocolErrorCode.Replay);
    }
}
