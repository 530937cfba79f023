using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running;
using static E2eeConformance.Scenarios.Tests.Lifecycle.LifecycleRun;

namespace E2eeConformance.Scenarios.Tests.Lifecycle;

/// <summary>
/// Issue 14 §1: <c>cost:</c> on a step bounds the engine's key derivations (deterministic) and the thread's CPU time;
/// the transcript names the bounds met, a failure the figure.
/// </summary>
[TestFixture]
public sealed class StepCostTests
{
    [Test]
    public void An_honest_delivery_over_its_derivation_bound_fails_with_the_figure()
    {
        ScenarioResult result = Steps("""
              - send: { from: alice, to: bob, text: "one", as: m1 }
              - deliver: all
              - send: { from: alice, to: bob, text: "two", as: m2 }
              - deliver: { to: bob/1 }
                cost: { max_key_derivations: 1 }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.Reason.Should().Be("expected the step to make at most 1 key derivations, but it made 2");
    }

    [Test]
    public void Bounds_met_are_named_in_the_transcript_not_the_figures()
    {
        ScenarioResult result = Steps("""
              - send: { from: alice, to: bob, text: "one", as: m1 }
              - deliver: all
              - replay: { message: m1, to: bob/1 }
                cost: { max_key_derivations: 0, max_ms_cpu: 60000 }
              - expect: { error: { at: bob/1, code: replay } }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
        result.Transcript.Should().Contain("replay m1 to bob/1 (cost: max_key_derivations 0, max_ms_cpu 60000)")
            .And.Contain("ok: cost at most 0 key derivations, at most 60000 ms of CPU time");
    }

    [Test]
    public void A_repeat_s_cost_covers_its_whole_body()
    {
        Scenario scenario = new ScenarioBuilder("repeat-cost")
            .User("alice").User("bob")
            .Register("all")
            .Send("alice", "bob", "first", "m0")
            .DeliverAll()
            .Repeat(3, r => r.Send("alice", "bob", "again {i}", "m{i}").DeliverAll())
            .Cost(maxKeyDerivations: 5)
            .Build();

        ScenarioResult result = ScenarioRunner.Run(scenario, CipherSuite.Ecc);

        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.Reason.Should().MatchRegex("^expected the step to make at most 5 key derivations, but it made [0-9]+$");
    }

    [Test]
    public void Cpu_time_is_measured_on_the_run_s_thread()
    {
        Scenario scenario = new ScenarioBuilder("cpu-cost")
            .User("alice").User("bob")
            .Register("all")
            .Repeat(400, r => r.Send("alice", "bob", "burn {i}", "m{i}").DeliverAll())
            .Cost(maxCpuMilliseconds: 1)
            .Build();

        ScenarioResult result = ScenarioRunner.Run(scenario, CipherSuite.Ecc);

        result.Outcome.Should().Be(ScenarioOutcome.Fail, "four hundred sends and deliveries take several milliseconds of CPU time (forty took about one after issue 17's speed-ups)");
        result.Reason.Should().MatchRegex("^expected the step to take at most 1 ms of CPU time, but it took [0-9]+ ms$");
    }

    [Test]
    public void Key_derivations_are_deterministic_for_a_seed()
    {
        Scenario scenario = new ScenarioBuilder("deterministic-cost")
            .User("alice").User("bob", devices: 2)
            .Register("all")
            .Send("alice", "bob", "one", "m1")
            .DeliverAll()
            .Cost(maxKeyDerivations: 0)
            .Build();

        string[] reasons = [.. Enumerable.Range(0, 3).Select(_ => ScenarioRunner.Run(scenario, CipherSuite.Ecc, 5).Reason)];

        reasons.Should().AllBe(reasons[0]).And.OnlyContain(r => r.StartsWith("expected the step to make at most 0 key derivations, but it made ", StringComparison.Ordinal));
    }
}
