using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Running;

/// <summary>
/// Issue 14 §1: the server as an adversary, the observing compromise and the identity expectations — the ways each can
/// fail, which the catalog's passing scenarios cannot show.
/// </summary>
public sealed class MaliciousServerTests
{
    private static ScenarioResult Run(string steps, string suite = "ecc") => SnippetRun.Run("{ alice: 1, bob: 1, carol: 1, mallory: 1 }", steps, suite);

    [Test]
    public void Identity_matches_fails_with_both_safety_numbers_when_the_bundle_was_substituted()
    {
        ScenarioResult result = Run("""
              - server: { substitute_bundle: { of: bob, with: mallory } }
              - send: { from: alice, to: bob, text: "for bob only", as: m1 }
              - deliver: all
              - expect: { identity_matches: { by: alice, of: bob } }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.Reason.Should().Contain("expected the identity keys of alice/1→bob/1 to be the real ones")
            .And.MatchRegex(@"safety number alice/1 sees: (\d{5} ){11}\d{5}; bob/1 sees: (\d{5} ){11}\d{5}");
    }

    [Test]
    public void Identity_differs_fails_when_every_session_holds_the_real_key()
    {
        ScenarioResult result = Run("""
              - send: { from: alice, to: bob, text: "hello", as: m1 }
              - deliver: all
              - expect: { identity_differs: { by: alice, of: bob } }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.Reason.Should().Contain("every session holds the real key (the safety numbers match)");
    }

    [Test]
    public void An_identity_check_without_a_session_fails()
    {
        ScenarioResult result = Run("  - expect: { identity_matches: { by: alice, of: bob } }\n");

        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.Reason.Should().Contain("expected alice to hold a session with bob to compare identities, but it holds none");
    }

    [Test]
    public void An_honest_server_hands_out_real_bundles_again()
    {
        ScenarioResult result = Run("""
              - server: { substitute_bundle: { of: bob, with: mallory } }
              - server: honest
              - send: { from: carol, to: bob, text: "to the real bob", as: m1 }
              - deliver: all
              - expect: { identity_matches: { by: carol, of: bob } }
              - expect: { received: { by: bob, message: m1 } }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
        result.Transcript.Should().NotContain("server hands carol/1");
    }

    [Test]
    public void A_withheld_message_is_excused_only_where_it_was_withheld()
    {
        ScenarioResult result = Run("""
              - create_group: { by: alice, name: g, members: all }
              - deliver: all
              - send: { from: alice, to: "group:g", text: "only some read this", as: g1 }
              - server: { withhold: { message: g1, to: carol } }
              - hold: { message: g1, to: bob }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
        result.Transcript.Should().Contain("server withholds group g1 alice/1 -> carol/1")
            .And.Contain("bob/1 received g1").And.NotContain("carol/1 received g1");
    }

    [Test]
    public void Withholding_survives_server_redelivery_and_the_final_heal()
    {
        ScenarioResult result = Run("""
              - send: { from: alice, to: bob, text: "opens the session", as: m0 }
              - deliver: all
              - send: { from: alice, to: bob, text: "never arrives", as: m1 }
              - drop: m1
              - server: { withhold: m1 }
              - run_until_quiet
              - expect: { not_received: { by: bob, message: m1 } }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
        result.Transcript.Should().NotContain("bob/1 received m1");
    }

    [Test]
    public void A_partition_holds_messages_until_the_end_of_the_run_heals_it()
    {
        ScenarioResult result = Run("""
              - server: { partition: [[alice], [bob]] }
              - send: { from: alice, to: bob, text: "across the partition", as: m1 }
              - deliver: all
              - expect: { not_received: { by: bob, message: m1 } }
            """);

        // not_received excuses m1 at the end, so the run passes either way: the transcript shows the invite waited for the heal.
        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
        int heal = result.Transcript.IndexOf("# heal", StringComparison.Ordinal);
        result.Transcript.IndexOf("deliver invite alice/1 -> bob/1", StringComparison.Ordinal).Should().BeGreaterThan(heal);
    }

    [TestCase("ecc")]
    [TestCase("pqc")]
    public void An_observing_adversary_fails_adversary_cannot_decrypt_where_the_copy_alone_would_pass(string suite)
    {
        ScenarioResult result = Run("""
              - create_group: { by: alice, name: g, members: [alice, bob] }
              - deliver: all
              - compromise: { device: bob/1, as: eve, observes: true }
              - add_members: { by: alice, group: g, users: [carol] }
              - deliver: all
              - send: { from: alice, to: "group:g", text: "after the add", as: g1 }
              - deliver: all
              - expect: { adversary_cannot_decrypt: { state: eve, message: g1 } }
            """, suite);

        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.Reason.Should().Contain("expected the adversary eve (state of bob/1 copied at step 4) not to decrypt g1, but it decrypts \"after the add\"");
    }

    [Test]
    public void An_impostor_sends_to_the_group_as_the_device_it_compromised()
    {
        ScenarioResult result = Run("""
              - create_group: { by: alice, name: g, members: [alice, bob, carol] }
              - deliver: all
              - send: { from: bob, to: "group:g", text: "bob's own words", as: g1 }
              - deliver: all
              - compromise: { device: bob/1, as: eve }
              - send: { from: eve, to: "group:g", text: "eve's words in bob's name", as: g2 }
              - deliver: all
              - expect: { received: { by: alice, message: g2, text: "eve's words in bob's name" } }
              - expect: { received: { by: carol, message: g2 } }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
        result.Transcript.Should().Contain("eve acts as bob/1").And.Contain("bob/1 encrypts g2 for group:g");
    }

    [Test]
    public void Registering_while_the_server_is_down_fails_the_step()
    {
        ScenarioResult result = Run("  - server: down\n  - add_device: bob\n");

        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.Reason.Should().Contain("expected the server to be up for add_device, but it is down (write server: up first)");
    }

    [Test]
    public void A_device_offline_before_the_outage_stays_offline_when_the_server_is_up()
    {
        ScenarioResult result = Run("""
              - offline: carol
              - server: down
              - send: { from: alice, to: bob, text: "waits for the server", as: m1 }
              - send: { from: alice, to: carol, text: "waits for carol", as: m2 }
              - server: up
              - deliver: all
              - expect: { received: { by: bob, message: m1 } }
              - expect: { not_received: { by: carol, message: m2 } }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
        result.Transcript.Should().Contain("carol/1 online: start-up check").And.Contain("# heal");
        result.Transcript.IndexOf("carol/1 online", StringComparison.Ordinal).Should().BeGreaterThan(result.Transcript.IndexOf("# heal", StringComparison.Ordinal));
    }
}
