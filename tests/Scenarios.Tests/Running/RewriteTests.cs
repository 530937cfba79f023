using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Running;

/// <summary>Issue 14 §1: rewriting wire fields of a copy, splicing from another message, and picking protocol traffic that has no name.</summary>
public sealed class RewriteTests
{
    private static ScenarioResult Run(string steps) =>
        SnippetRun.Run("{ alice: 1, bob: 1 }", "  - send: { from: alice, to: bob, text: \"opening words\", as: m1 }\n  - deliver: all\n" + steps);

    [Test]
    public void A_path_the_message_does_not_carry_fails_the_step_with_the_reason()
    {
        ScenarioResult result = Run("  - rewrite: { message: m1, to: bob/1, set: { e2ee_msg.group_msg.sequence: 1 } }\n");

        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.Reason.Should().Contain("to have e2ee_msg.group_msg.sequence to rewrite, but it carries no group_msg");
    }

    [Test]
    public void A_pick_beyond_what_was_sent_fails_with_the_count()
    {
        ScenarioResult result = Run("  - replay: { kind: invite, to: bob/1, nth: 2 }\n");

        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.Reason.Should().Contain("expected invite #2 to have been sent to bob/1 for the adversary to replay, but 1 such message(s) were");
    }

    [Test]
    public void A_ciphertext_spliced_from_another_message_fails_its_tag_and_costs_nothing()
    {
        // m3's ciphertext under m2's header: m2's key does not open m3's ciphertext, so the copy fails as bad_tag; the genuine messages still decrypt.
        ScenarioResult result = Run("""
              - send: { from: alice, to: bob, text: "second words", as: m2 }
              - send: { from: alice, to: bob, text: "third words", as: m3 }
              - rewrite: { message: m2, to: bob/1, set: { e2ee_msg.one2one_msg.ciphertext: { from: m3 } } }
              - expect: { error: { at: bob/1, code: bad_tag, message: m2 } }
              - deliver: all
              - expect: { received: { by: bob, messages: [m2, m3] } }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
        result.Transcript.Should().Contain("[rewritten e2ee_msg.one2one_msg.ciphertext from m3]: bob/1 error bad_tag");
    }

    [Test]
    public void A_rewritten_msg_id_is_still_tracked_as_its_message()
    {
        ScenarioResult result = Run("""
              - send: { from: alice, to: bob, text: "second words", as: m2 }
              - hold: m2
              - rewrite: { message: m2, to: bob/1, set: { e2ee_msg.msg_id: random } }
              - expect: { received: { by: bob, message: m2, text: "second words" } }
              - release: m2
              - deliver: all
              - expect: { error: { at: bob/1, code: replay, message: m2 } }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
    }

    [Test]
    public void The_same_seed_draws_the_same_random_value()
    {
        const string steps = "  - rewrite: { message: m1, to: bob/1, set: { e2ee_msg.session_id: random } }\n  - expect: { tolerate: { at: bob/1, code: unknown_session, reason: the session id is made up } }\n";
        ScenarioResult first = Run(steps);
        ScenarioResult second = Run(steps);

        first.Outcome.Should().Be(ScenarioOutcome.Pass, first.Reason);
        second.Transcript.Should().Be(first.Transcript);
    }

    [Test]
    public void A_recipients_copy_re_encrypts_an_unread_message_and_the_device_reads_the_forgery_in_its_place()
    {
        ScenarioResult result = Run("""
              - compromise: { device: bob/1, as: eve }
              - send: { from: alice, to: bob, text: "meet at noon", as: m2 }
              - rewrite: { message: m2, to: bob/1, reencrypt: { by: eve, text: "meet at midnight" }, as: forged }
              - expect: { received: { by: bob/1, message: forged, text: "meet at midnight" } }
              - deliver: all
              - expect:
                  error: { at: bob/1, code: replay, message: m2 }
                  not_received: { by: bob/1, message: m2 }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
        result.Transcript.Should().Contain("[rewritten re-encrypted by eve as forged \"meet at midnight\"]: bob/1 received forged \"meet at midnight\"");
    }

    [Test]
    public void A_copy_taken_after_the_device_read_the_message_cannot_re_encrypt_it_and_the_step_says_why()
    {
        ScenarioResult result = Run("""
              - compromise: { device: bob/1, as: eve }
              - rewrite: { message: m1, to: bob/1, reencrypt: { by: eve, text: "too late" }, as: forged }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.Reason.Should().Contain("expected eve (a copy of bob/1) to hold the key of").And.Contain("to re-encrypt it, but replay");
    }

    [Test]
    public void Only_an_e2ee_msg_can_be_re_encrypted()
    {
        ScenarioResult result = Run("""
              - compromise: { device: bob/1, as: eve }
              - rewrite: { kind: invite, to: bob/1, reencrypt: { by: eve, size: 4 }, as: forged }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.Reason.Should().Contain("expected an e2ee_msg to re-encrypt, but").And.Contain("is invite");
    }

    [Test]
    public void A_member_re_encrypts_a_group_text_but_its_signature_gives_it_away_while_the_senders_own_copy_forges_one_everybody_reads()
    {
        Scenario scenario = new ScenarioBuilder("t").User("alice").User("bob").User("carol").Register("all")
            .CreateGroup("alice", "g", "bob", "carol")
            .RunUntilQuiet()
            .Compromise("carol/1", "mallory")
            .Compromise("alice/1", "eve")
            .Send("alice/1", "group:g", "the real words", "m2")
            .Reencrypt("m2", "bob/1", "mallory", "carol's words", "by_carol")
            .Expect(e => e.Error("bob/1", "bad_signature", "by_carol").NotReceived("bob/1", "by_carol"))
            .Reencrypt("m2", "carol/1", "eve", "alice's forged words", "by_alice")
            .Expect(e => e.ReceivedText("carol/1", "by_alice", "alice's forged words"))
            .RunUntilQuiet()
            .Expect(e => e.ReceivedText("bob/1", "m2", "the real words").NotReceived("carol/1", "m2"))
            .Build();

        ScenarioResult result = ScenarioRunner.Run(scenario, CipherSuite.Ecc);

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
    }
}
