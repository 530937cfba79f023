using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Sessions;
using E2eeConformance.Engine.Tests.Support;
using static E2eeConformance.Engine.Tests.Support.Tamper;

namespace E2eeConformance.Engine.Tests.Sessions;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// The double ratchet in use (seed 000 §One2one message; REFERENCE-BEHAVIOUR §26–33): messages in both directions, the
/// counters across turns, out-of-order delivery through skipped keys, and replays.
/// </summary>
[TestFixtureSource(typeof(SessionContractFixture), nameof(SessionContractFixture.Suites))]
public sealed class SessionRatchetContractTests(string suiteName) : SessionContractFixture(suiteName)
{
    [Test]
    public void Messages_flow_in_both_directions_and_either_side_may_speak_first()
    {
        TwoParties p = Establish(Label());

        // Bob first, on his initial chain CK0 (root_sequence 0), before he heard anything from Alice.
        Wire.E2eeMsg b0 = p.BobSends("bob first");
        b0.One2OneMsg.RootSequence.Should().Be(0u);
        p.AliceReceives(b0).Should().Be("bob first");

        Wire.E2eeMsg a0 = p.AliceSends("alice answers");
        a0.One2OneMsg.RootSequence.Should().Be(1u);
        p.BobReceives(a0).Should().Be("alice answers");

        Wire.E2eeMsg b1 = p.BobSends("bob again");
        b1.One2OneMsg.RootSequence.Should().Be(2u);
        p.AliceReceives(b1).Should().Be("bob again");

        b0.From.Should().Be(TwoParties.BobAddress);
        b0.To.Should().Be(TwoParties.AliceAddress);
        b0.SessionId.Should().Be(p.AliceSession.Info.SessionId);
        b0.Version.Should().Be(ProtocolVersion.E2ees.Protocol);
        p.AliceSession.Ratchet.SkippedKeys.Should().BeEmpty();
        p.BobSession.Ratchet.SkippedKeys.Should().BeEmpty();
    }

    [Test]
    public void A_ping_pong_of_20_alternating_messages_decrypts_every_one_and_the_root_sequence_advances_by_one_per_direction_change()
    {
        TwoParties p = Establish(Label());
        for (int i = 0; i < 20; i++)
        {
            bool aliceTurn = i % 2 == 0;
            string text = $"ping-pong {i}";
            Wire.E2eeMsg m = aliceTurn ? p.AliceSends(text) : p.BobSends(text);
            m.One2OneMsg.RootSequence.Should().Be((uint)(i + 1), "REFERENCE-BEHAVIOUR §31: 1, 2, 3, … across alternations");
            m.One2OneMsg.Sequence.Should().Be(0u);
            m.One2OneMsg.SendingMessageSequence.Should().Be((uint)(i / 2) + 1);
            (aliceTurn ? p.BobReceives(m) : p.AliceReceives(m)).Should().Be(text);
            p.AliceSession.Ratchet.SkippedKeys.Should().BeEmpty("in-order traffic leaves no skipped keys (no phantom keys, REFERENCE-BEHAVIOUR §33)");
            p.BobSession.Ratchet.SkippedKeys.Should().BeEmpty();
        }
    }

    [Test]
    public void Bursts_in_turn_from_each_side_decrypt_in_order_with_consecutive_counters()
    {
        TwoParties p = Establish(Label());
        int[] bursts = [3, 5, 1, 4, 2, 6, 1, 1];
        uint aliceSent = 0, bobSent = 0;
        for (int b = 0; b < bursts.Length; b++)
        {
            bool aliceTurn = b % 2 == 0;
            List<Wire.E2eeMsg> sent = aliceTurn ? p.AliceSendsMany($"burst {b}/", bursts[b]) : p.BobSendsMany($"burst {b}/", bursts[b]);
            for (int i = 0; i < sent.Count; i++)
            {
                sent[i].One2OneMsg.Sequence.Should().Be((uint)i);
                sent[i].One2OneMsg.SendingMessageSequence.Should().Be(aliceTurn ? ++aliceSent : ++bobSent);
                (aliceTurn ? p.BobReceives(sent[i]) : p.AliceReceives(sent[i])).Should().Be($"burst {b}/{i}");
            }
        }

        p.AliceSession.Ratchet.SkippedKeys.Should().BeEmpty();
        p.BobSession.Ratchet.SkippedKeys.Should().BeEmpty();
    }

    // ------------------------------------------------------------------------------------------ out of order, skipped keys

    [Test]
    public void Messages_delivered_out_of_order_within_a_chain_all_decrypt_and_their_skipped_keys_are_consumed()
    {
        TwoParties p = Establish(Label());
        List<Wire.E2eeMsg> m = p.AliceSendsMany("m", 5);

        // Deliver 5, 1, 3, 2, 4 (1-based).
        (int Index, int SkippedAfter)[] order = [(4, 4), (0, 3), (2, 2), (1, 1), (3, 0)];
        foreach ((int index, int skippedAfter) in order)
        {
            p.BobReceives(m[index]).Should().Be($"m{index}");
            p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(skippedAfter);
        }

        p.BobSession.Ratchet.Receiver.ChainKey!.Index.Should().Be(5u);
    }

    [Test]
    public void A_message_delayed_across_a_ratchet_step_decrypts_from_a_kept_key_after_the_new_chain()
    {
        TwoParties p = Establish(Label());
        Wire.E2eeMsg a1 = p.AliceSends("a1");
        Wire.E2eeMsg a2 = p.AliceSends("a2");
        p.BobReceives(a1).Should().Be("a1");
        p.AliceReceives(p.BobSends("b1")).Should().Be("b1");
        Wire.E2eeMsg a3 = p.AliceSends("a3");
        a3.One2OneMsg.RootSequence.Should().Be(a1.One2OneMsg.RootSequence + 2, "a3 opens Alice's next chain");
        a3.One2OneMsg.Sequence.Should().Be(0u);

        p.BobReceives(a3).Should().Be("a3");
        p.BobSession.Ratchet.SkippedKeys.Should().ContainSingle("a2's key is kept from the previous chain")
            .Which.Index.Should().Be(1u);

        p.BobReceives(a2).Should().Be("a2");
        p.BobSession.Ratchet.SkippedKeys.Should().BeEmpty("a used skipped key is removed");

        // And the conversation goes on.
        p.AliceReceives(p.BobSends("b2")).Should().Be("b2");
        p.BobReceives(p.AliceSends("a4")).Should().Be("a4");
    }

    [Test]
    public void Skipped_keys_of_several_chains_are_all_consumed_and_the_count_returns_to_zero()
    {
        TwoParties p = Establish(Label());
        var held = new List<(Wire.E2eeMsg Message, string Text)>();
        for (int round = 0; round < 3; round++)
        {
            List<Wire.E2eeMsg> a = p.AliceSendsMany($"r{round}a", 4);
            p.BobReceives(a[3]).Should().Be($"r{round}a3");
            held.AddRange(a.Take(3).Select((m, i) => (m, $"r{round}a{i}")));
            List<Wire.E2eeMsg> b = p.BobSendsMany($"r{round}b", 3);
            p.AliceReceives(b[2]).Should().Be($"r{round}b2");
            p.AliceReceives(b[0]).Should().Be($"r{round}b0");
        }

        p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(9);
        p.AliceSession.Ratchet.SkippedKeys.Should().HaveCount(3, "b1 of each round");
        foreach ((Wire.E2eeMsg message, string text) in Enumerable.Reverse(held))
        {
            p.BobReceives(message).Should().Be(text);
        }

        p.BobSession.Ratchet.SkippedKeys.Should().BeEmpty();
    }

    // ------------------------------------------------------------------------------------------ replay

    [Test]
    public void Decrypting_the_same_in_chain_message_twice_fails_the_second_time_with_Replay()
    {
        TwoParties p = Establish(Label());
        Wire.E2eeMsg a0 = p.AliceSends("a0");
        Wire.E2eeMsg a1 = p.AliceSends("a1");
        p.BobReceives(a0).Should().Be("a0");
        p.BobReceives(a1).Should().Be("a1");

        BobRejects(p, a1, ProtocolErrorCode.Replay);
        BobRejects(p, a0, ProtocolErrorCode.Replay);

        // Bob's chain replayed to Alice as well.
        Wire.E2eeMsg b0 = p.BobSends("b0");
        p.AliceReceives(b0).Should().Be("b0");
        Rejects(() => p.AliceReceives(b0), ProtocolErrorCode.Replay);
    }

    [Test]
    public void Decrypting_a_message_twice_through_a_stored_skipped_key_fails_the_second_time_with_Replay()
    {
        TwoParties p = Establish(Label());
        List<Wire.E2eeMsg> a = p.AliceSendsMany("a", 3);
        p.BobReceives(a[2]).Should().Be("a2");
        p.BobReceives(a[0]).Should().Be("a0");
        BobRejects(p, a[0], ProtocolErrorCode.Replay);

        // Across a ratchet step too: a[1]'s key now sits with the previous chain's keys.
        p.AliceReceives(p.BobSends("b0")).Should().Be("b0");
        p.BobReceives(p.AliceSends("a3")).Should().Be("a3");
        p.BobReceives(a[1]).Should().Be("a1");
        BobRejects(p, a[1], ProtocolErrorCode.Replay);
        BobRejects(p, a[2], ProtocolErrorCode.Replay);
        p.BobSession.Ratchet.SkippedKeys.Should().BeEmpty();
    }
}
