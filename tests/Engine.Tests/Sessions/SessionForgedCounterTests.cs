using E2eeConformance.Engine.Sessions;
using E2eeConformance.Engine.Tests.Support;
using E2eeConformance.TestSupport;
using static E2eeConformance.Engine.Tests.Support.Tamper;

namespace E2eeConformance.Engine.Tests.Sessions;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// <c>sending_message_sequence</c> is not authenticated (the AEAD covers only the ciphertext with AD = IK_A ‖ IK_B;
/// REFERENCE-BEHAVIOUR §26, 29), so a relay can change it on a message that still decrypts. Such a message must cost at
/// most itself (and keys of messages that never come): it must not make the session reject every later genuine
/// message. The engine records the forged value as the receiving chain's <see cref="ReceiverChain.ChainStart"/>
/// and then refuses every later new chain of the peer with <c>inconsistent_counters</c>.
/// </summary>
[TestFixtureSource(typeof(SessionContractFixture), nameof(SessionContractFixture.Suites))]
public sealed class SessionForgedCounterTests(string suiteName) : CipherSuiteFixture(suiteName)
{

    [TestCase(1000u, TestName = "{m}(first message, +999)")]
    [TestCase(5u, TestName = "{m}(first message, +4)")]
    public void A_forged_sending_message_sequence_on_an_accepted_first_message_does_not_make_later_chains_undecryptable(uint forged)
    {
        TwoParties p = TwoParties.Establish(Suite, "forged counter on the first message");
        Wire.E2eeMsg a0 = p.AliceSends("a0");

        // The relay raises sending_message_sequence; the message still decrypts (the field is not authenticated).
        p.BobReceives(Payload(a0, x => x.SendingMessageSequence = forged)).Should().Be("a0");

        // Genuine traffic afterwards.
        p.AliceReceives(p.BobSends("b0")).Should().Be("b0");
        Wire.E2eeMsg a1 = p.AliceSends("a1");
        FluentActions.Invoking(() => p.BobReceives(a1)).Should().NotThrow(
            "one forged, unauthenticated counter must not make Bob refuse Alice's next chain (and, since Alice cannot ratchet again without it, the session for good)");
    }

    [Test]
    public void A_forged_sending_message_sequence_on_an_accepted_later_new_chain_message_does_not_make_later_chains_undecryptable()
    {
        TwoParties p = TwoParties.Establish(Suite, "forged counter on a later chain");
        p.BobReceives(p.AliceSends("a0")).Should().Be("a0");
        p.AliceReceives(p.BobSends("b0")).Should().Be("b0");
        Wire.E2eeMsg a1 = p.AliceSends("a1");

        // +20: still within every limit, so the message is accepted (with 20 keys for messages that never existed).
        p.BobReceives(Payload(a1, x => x.SendingMessageSequence += 20)).Should().Be("a1");

        p.AliceReceives(p.BobSends("b1")).Should().Be("b1");
        Wire.E2eeMsg a2 = p.AliceSends("a2");
        FluentActions.Invoking(() => p.BobReceives(a2)).Should().NotThrow(
            "one forged, unauthenticated counter must not make Bob refuse all of Alice's later chains");
    }

    [Test]
    public void Without_forgery_the_same_conversations_work()
    {
        TwoParties p = TwoParties.Establish(Suite, "no forgery");
        p.BobReceives(p.AliceSends("a0")).Should().Be("a0");
        p.AliceReceives(p.BobSends("b0")).Should().Be("b0");
        p.BobReceives(p.AliceSends("a1")).Should().Be("a1");
        p.AliceReceives(p.BobSends("b1")).Should().Be("b1");
        p.BobReceives(p.AliceSends("a2")).Should().Be("a2");
        p.BobSession.Ratchet.SkippedKeys.Should().BeEmpty();
    }
}
