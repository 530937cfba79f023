using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Running;

/// <summary>
/// Issue 14 §1, §2: a request the server refuses is an ordinary outcome (recorded, claimed by <c>refused</c>, failing the
/// run only when unclaimed; the model keeps the group as it was); <c>managers</c> at create; and a held message that
/// fails when retried is reported against that message, so <c>error: { message }</c> claims it.
/// </summary>
[Parallelizable(ParallelScope.Children)]
public sealed class RefusalTests
{
    private const string Group = """
        name: t
        users:
          alice: 1
          bob: 1
          carol: 1
        steps:
          - register: all
          - create_group: { by: alice, name: g, members: [bob, carol] }
          - deliver: all

        """;

    private static ScenarioResult Run(string steps) => ScenarioRunner.Run(ScenarioLoader.Parse(Group + steps, "test.yaml"), CipherSuite.Ecc);

    [Test]
    public void A_refusal_nobody_expected_fails_the_run_at_its_end_not_with_an_exception()
    {
        ScenarioResult result = Run("  - remove_members: { by: bob, group: g, users: [carol] }\n");

        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.FailedStep.Should().Be("end of run");
        result.Reason.Should().StartWith("unexpected refusal(s) by the server, not claimed by a refused expectation: remove_members by bob/1 refused: forbidden (step 4) — ");
        result.Transcript.Should().Contain("bob/1 remove_members refused by the server: forbidden");
    }

    [Test]
    public void A_refused_expectation_of_another_code_fails_saying_what_was_refused()
    {
        ScenarioResult result = Run("""
              - leave: { who: alice, group: g }
              - expect: { refused: { at: alice, code: forbidden } }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.Reason.Should().Be("expected 1 refused request(s) with forbidden at alice, but found 0; unclaimed refusals there: leave by alice/1 refused: request_conflict (step 4)");
    }

    [Test]
    public void A_refused_removal_leaves_the_member_expected_to_read_the_group()
    {
        ScenarioResult result = Run("""
              - remove_members: { by: bob, group: g, users: [carol] }
              - expect: { refused: { at: bob/1, request: remove_members } }
              - send: { from: alice, to: "group:g", text: "carol is still in", as: g1 }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
        result.Transcript.Should().Contain("carol/1 received g1");
    }

    [Test]
    public void A_manager_named_at_create_may_remove_a_member()
    {
        ScenarioResult result = ScenarioRunner.Run(
            new ScenarioBuilder("t").User("alice").User("bob").User("carol").Register("all")
                .CreateGroupManaged("alice", "g", ["carol"], ["bob"])
                .DeliverAll()
                .RemoveMembers("bob", "g", "carol")
                .AddMembers("carol", "g", "carol")
                .Expect(e => e.Refused("carol", "add_members", "forbidden"))
                .DeliverAll()
                .Expect(e => e.State(new StateExpectation("bob/1", Group: "g", GroupMembers: 2)))
                .Build(),
            CipherSuite.Ecc);

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
        result.Transcript.Should().Contain("create_group g by alice with carol, managed with bob");
    }

    [Test]
    public void A_held_message_that_fails_when_retried_is_reported_against_that_message()
    {
        ScenarioResult result = ScenarioRunner.Run(BuiltInCatalog.Find("group-held-message-fails-on-retry")!, CipherSuite.Ecc);

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
        result.Transcript.Should().Contain("deliver one2one alice/1 -> carol/1: carol/1 group:g session joined; carol/1 error bad_signature (g1)");
    }
}
