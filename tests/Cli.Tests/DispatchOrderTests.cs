using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Cli.Tests;

/// <summary>
/// With more than one job the catalog's runs start costliest first (issue 17 §5: <see cref="RunCost"/>, the suite's
/// weight times the devices and repeated steps) so no long run starts last while the other workers idle; with one job, in plan order. Every run
/// starts exactly once either way, and results are still reported in plan order (<see cref="JobCountDeterminismTests"/>).
/// </summary>
public sealed class DispatchOrderTests
{
    [Test]
    public void Several_jobs_start_the_largest_runs_first_and_one_job_keeps_plan_order()
    {
        RunOptions whole = new([], [], null, [], "unused", NoProgress: true, Transcripts: false, Jobs: 1);
        IReadOnlyList<PlanItem> plan = RunPlan.Build(whole, seed: null).Items;

        PlanExecutor.DispatchOrder(plan, 1).Should().Equal(Enumerable.Range(0, plan.Count));

        IReadOnlyList<int> order = PlanExecutor.DispatchOrder(plan, 2);
        order.Should().BeEquivalentTo(Enumerable.Range(0, plan.Count), "every run starts once");
        string[] first = [.. order.Take(4).Select(i => $"{plan[i].Run.Scenario.Name}/{plan[i].Run.SuiteName}")];
        first.Should().Contain("group-100-members/pqc", "the run with a hundred post-quantum devices is the longest");
        long[] costs = [.. order.Select(i => RunCost.Estimate(plan[i].Run))];
        costs.Should().BeInDescendingOrder();
        order.TakeLast(1).Should().OnlyContain(i => plan[i].Run.Skip != null, "skipped runs cost nothing and go last");
    }

    [Test]
    public void A_run_costs_its_suites_weight_times_its_devices_and_repeated_steps()
    {
        var scenario = new Scenario("s", "", [], [], null, [new UserSpec("a", 2), new UserSpec("b", 1)],
            [new RepeatStep(300, "i", [new SendStep("a", "b", "x", null, "x{i}"), new SendStep("a", "b", "y", null, "y{i}")]), new SendStep("b", "a", "z", null, "z")]);
        RunCost.Estimate(new PlannedRun(scenario, "ecc", CipherSuite.Ecc, null, "")).Should().Be((10 * 3) + (601 / 10));
        RunCost.Estimate(new PlannedRun(scenario, "pqc", CipherSuite.Pqc, null, "")).Should().Be(3 * ((10 * 3) + (601 / 10)));
        RunCost.Estimate(new PlannedRun(scenario, "ecc", CipherSuite.Ecc, ScenarioOutcome.Disabled, "disabled")).Should().Be(0);
    }
}
