using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Running;

/// <summary>Issue 14 §1: rewriting wire fields of a copy, splicing from another message, and picking protocol traffic that has no name.</summary>
public sealed class RewriteTests
{
    private static ScenarioResult Run(string steps)
    {
        Scenario scenario = ScenarioLoader.Parse("name: t\nusers: { alice: 1, bob: 1 }\nsteps:\n  - register: all\n  - send: { from: alice, to: bob, text: \"opening words\", as: m1 }\n  - deliver: all\n" + steps, "t.yaml");
        return ScenarioRunner.Run(scenario, CipherSuite.Ecc);
    }

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
}
