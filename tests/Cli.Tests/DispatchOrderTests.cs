namespace E2eeConformance.Cli.Tests;

/// <summary>
/// With more than one job the catalog's runs start costliest first (issue 17 §5: the SLH-DSA runs, then the other
/// post-quantum ones) so no long run starts last while the other workers idle; with one job, in plan order. Every run
/// starts exactly once either way, and results are still reported in plan order (<see cref="JobCountDeterminismTests"/>).
/// </summary>
public sealed class DispatchOrderTests
{
    [Test]
    public void Several_jobs_start_the_slow_suite_first_and_one_job_keeps_plan_order()
    {
        RunOptions whole = new([], [], null, [], "unused", NoProgress: true, Transcripts: false, Jobs: 1);
        IReadOnlyList<PlanItem> plan = RunPlan.Build(whole, seed: null).Items;

        PlanExecutor.DispatchOrder(plan, 1).Should().Equal(Enumerable.Range(0, plan.Count));

        IReadOnlyList<int> order = PlanExecutor.DispatchOrder(plan, 2);
        order.Should().BeEquivalentTo(Enumerable.Range(0, plan.Count), "every run starts once");
        int slow = plan.Count(i => i.Run.Skip is null && i.Run.SuiteName == "mlkem1024-slhdsa256s");
        slow.Should().BePositive();
        order.Take(slow).Should().OnlyContain(i => plan[i].Run.SuiteName == "mlkem1024-slhdsa256s" && plan[i].Run.Skip == null);
        order.Skip(slow).TakeWhile(i => plan[i].Run.Skip is null && plan[i].Run.Suite is { IsEcc: false }).Should().NotBeEmpty("the other post-quantum runs come next");
        order.TakeLast(1).Should().OnlyContain(i => plan[i].Run.Skip != null, "skipped runs cost nothing and go last");
    }
}
