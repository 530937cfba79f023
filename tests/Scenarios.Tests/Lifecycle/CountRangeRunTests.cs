using E2eeConformance.Scenarios.Running;
using static E2eeConformance.Scenarios.Tests.Lifecycle.LifecycleRun;

namespace E2eeConformance.Scenarios.Tests.Lifecycle;

/// <summary>Issue 14 §1: ranges in <c>state</c>, <c>server</c> and <c>error</c> pass within the range and fail with a sentence outside it.</summary>
[TestFixture]
public sealed class CountRangeRunTests
{
    private const string Conversation = """
          - send: { from: alice, to: bob, text: "one", as: m1 }
          - deliver: all
          - send: { from: alice, to: bob, text: "two", as: m2 }
          - send: { from: alice, to: bob, text: "three", as: m3 }
          - hold: m2
          - deliver: all

        """;

    [Test]
    public void Counts_within_their_ranges_pass()
    {
        ScenarioResult result = Steps(Conversation + """
              - expect:
                  - state: { device: [bob/1, bob/2], skipped_keys: { at_least: 1 }, sessions: { between: [1, 3] } }
                  - server: { pending_for: bob/1, count: { at_most: 1 } }
              - release: m2
              - deliver: all
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
    }

    [Test]
    public void A_state_count_outside_its_range_fails_with_the_range_and_the_figure()
    {
        ScenarioResult result = Steps(Conversation + "  - expect: { state: { device: bob/1, skipped_keys: { at_least: 3 } } }\n");

        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.Reason.Should().StartWith("expected bob/1 to have at least 3 skipped_keys, found 1 (");
    }

    [Test]
    public void A_server_count_outside_its_range_fails()
    {
        ScenarioResult result = Steps(Conversation + "  - expect: { server: { pending_for: bob/1, count: { between: [2, 5] } } }\n");

        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.Reason.Should().Be("expected the server to hold between 2 and 5 unconsumed message(s) for bob/1, but it holds 1");
    }

    [Test]
    public void An_error_range_claims_every_such_error_and_fails_outside_it()
    {
        const string replays = """
              - send: { from: alice, to: bob, text: "one", as: m1 }
              - deliver: all
              - replay: { message: m1, to: bob/1 }
              - replay: { message: m1, to: bob/1 }

            """;
        ScenarioResult within = Steps(replays + "  - expect: { error: { at: bob/1, code: replay, count: { between: [1, 2] } } }\n");
        ScenarioResult outside = Steps(replays + "  - expect: { error: { at: bob/1, code: replay, count: { at_most: 1 } } }\n");

        within.Outcome.Should().Be(ScenarioOutcome.Pass, within.Reason);
        within.Transcript.Should().Contain("ok: between 1 and 2 × replay at bob/1");
        outside.Outcome.Should().Be(ScenarioOutcome.Fail);
        outside.Reason.Should().StartWith("expected at most 1 error(s) replay at bob/1, but found 2");
    }
}
