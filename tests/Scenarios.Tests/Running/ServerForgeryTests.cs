using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Running;

/// <summary>
/// Issue 14 §1: what the server makes up (a heartbeat, a user update), the man in the middle it can be
/// (<c>intercept</c>) and the <c>event</c> expectation — the ways each can fail or be misused, which the catalog's
/// passing scenarios cannot show.
/// </summary>
public sealed class ServerForgeryTests
{
    private static ScenarioResult Run(string steps, string suite = "ecc") => SnippetRun.Run("{ alice: 1, bob: 2, carol: 1, mallory: 1 }", steps, suite);

    [Test]
    public void An_event_expectation_that_fails_lists_the_events_of_the_kind_the_device_raised()
    {
        ScenarioResult result = Run("""
              - server: { fake_heartbeat: { to: alice, time: +2h } }
              - expect: { event: { at: alice, kind: heartbeat, count: 2 } }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.Reason.Should().Contain("expected 2 event(s) heartbeat at alice/1, but found 1; its heartbeat events: heartbeat (server time +7200000ms) at alice/1 (step 2)");
    }

    [Test]
    public void A_heartbeat_with_an_absolute_time_says_so_and_reaches_every_device_of_a_user()
    {
        ScenarioResult result = Run("""
              - server: { fake_heartbeat: { to: bob, time: 4102444800000 } }
              - expect:
                  - event: { at: bob, kind: heartbeat, count: 1 }
                  - event: { at: [alice, carol], kind: heartbeat, count: 0 }
                  - state: { device: [bob/1, bob/2], signed_pre_key_id: 1 }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
        result.Transcript.Should().Contain("server fakes a heartbeat to bob claiming server time 4102444800000")
            .And.Contain("bob/2 heartbeat (server time +");
    }

    [Test]
    public void An_offline_device_gets_no_forgery()
    {
        ScenarioResult result = Run("""
              - offline: bob/2
              - server: { fake_heartbeat: { to: all, time: -1y } }
              - server: { forge_user_update: { to: bob, of: alice, name: Eve } }
              - expect:
                  - event: { at: bob/1, kind: heartbeat }
                  - event: { at: bob/2, kind: heartbeat, count: 0 }
                  - event: { at: bob/2, kind: user_updated, count: 0 }
                  - event: { at: bob/1, kind: user_updated, of: alice/1, name: Eve }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
        result.Transcript.Should().Contain("bob/2 is offline: the server's forgery does not reach it");
    }

    [Test]
    public void A_forged_update_goes_to_no_device_of_the_user_it_names_and_its_name_is_checked()
    {
        ScenarioResult result = Run("""
              - server: { forge_user_update: { to: all, of: bob/2, name: Robert } }
              - expect:
                  - event: { at: [alice, carol, mallory, bob/1], kind: user_updated, of: bob, name: Robert, count: 1 }
                  - event: { at: bob/2, kind: user_updated, count: 0 }
                  - event: { at: alice, kind: user_updated, name: Bobby }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.Reason.Should().Contain("expected at least 1 event(s) user_updated naming \"Bobby\" at alice/1, but found 0; its user_updated events: user_updated of bob/2 (Robert)");
    }

    [Test]
    public void The_adversarys_own_device_gets_the_real_bundle_of_the_user_it_stands_in_for()
    {
        ScenarioResult result = Run("""
              - server: { substitute_bundle: { of: carol, with: mallory } }
              - send: { from: mallory, to: carol, text: "hi carol, it is mallory", as: m1 }
              - deliver: all
              - expect:
                  - received: { by: carol, message: m1 }
                  - identity_matches: { by: mallory, of: carol }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
    }

    [Test]
    public void What_was_intercepted_stays_away_from_its_recipient_after_the_server_turns_honest()
    {
        ScenarioResult result = Run("""
              - server: { substitute_bundle: { of: carol, with: mallory } }
              - server: { intercept: { of: carol, by: mallory/1 } }
              - send: { from: alice, to: carol, text: "for carol", as: m1 }
              - deliver: all
              - server: honest
              - expect:
                  - received: { by: mallory, message: m1 }
                  - not_received: { by: carol, message: m1 }
                  - server: { pending_for: carol, count: 2 }
              - run_until_quiet
              - expect: { not_received: { by: carol, message: m1 } }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
        result.Transcript.Should().Contain("server hands mallory/1 the invite alice/1 sent to carol/1");
    }

    [Test]
    public void Only_the_interceptor_may_read_what_was_rerouted_to_it()
    {
        ScenarioResult result = Run("""
              - server: { substitute_bundle: { of: carol, with: mallory } }
              - server: { intercept: { of: carol, by: mallory/1 } }
              - send: { from: alice, to: carol, text: "for carol", as: m1 }
              - deliver: all
              - expect: { received: { by: bob, message: m1 } }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.Reason.Should().Contain("expected bob to receive m1, but no device of bob was an intended recipient when it was sent");
    }

    [Test]
    public void Intercepting_without_the_substituted_bundle_gets_the_interceptor_nothing()
    {
        ScenarioResult result = Run("""
              - server: { intercept: { of: carol, by: mallory/1 } }
              - send: { from: alice, to: carol, text: "for carol", as: m1 }
              - deliver: all
              - expect:
                  - error: { at: alice, code: unexpected_accept }
                  - not_received: { by: [carol, mallory], message: m1 }
                  - identity_matches: { by: alice, of: carol }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
        result.Transcript.Should().Contain("server relays the accept mallory/1 sent to alice/1 as carol/1's");
    }

    [Test]
    public void Traffic_between_the_intercepted_users_own_devices_and_with_the_interceptor_itself_passes_untouched()
    {
        ScenarioResult result = Run("""
              - server: { intercept: { of: bob, by: mallory/1 } }
              - send: { from: bob/1, to: mallory, text: "hi mallory", as: m1 }
              - deliver: all
              - expect:
                  - received: { by: [mallory, bob/2], message: m1 }
                  - event: { at: bob/1, kind: session_established, of: mallory, count: 1 }
                  - no_errors: all
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
        result.Transcript.Should().NotContain("server hands").And.NotContain("server relays");
    }

    [Test]
    public void The_fluent_builder_scripts_the_forgeries_and_the_interception()
    {
        Scenario scenario = new ScenarioBuilder("fluent-forgeries").User("alice").User("bob").User("mallory").Register("all")
            .FakeHeartbeat("all", HeartbeatTime.By(TimeSpan.FromDays(30)))
            .ForgeUserUpdate("alice", "bob", "Robert")
            .SubstituteBundle("bob", "mallory")
            .Intercept("bob/1", "mallory/1")
            .Send("alice", "bob", "for bob", "m1")
            .DeliverAll()
            .Expect(e => e
                .Event(new EventExpectation("all", "heartbeat", Count: 1))
                .Event(new EventExpectation("alice/1", "user_updated", "bob", "Robert"))
                .Received("mallory", "m1")
                .Identity("alice", "bob", matches: false)
                .NoErrors())
            .Build();

        ScenarioResult result = ScenarioRunner.Run(scenario, CipherSuite.Ecc);

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
    }
}
