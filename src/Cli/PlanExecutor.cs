using System.Collections.Concurrent;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Cli;

/// <summary>One planned run, the scenario file it came from (null: the built-in catalog), its position in the whole plan and its seed.</summary>
/// <param name="Run">The scenario × suite.</param>
/// <param name="File">The scenario file, or null for the built-in catalog.</param>
/// <param name="Index">The 0-based position in the whole (unsharded) plan, seeds included.</param>
/// <param name="Seed">The seed to run with, or null for the scenario's own.</param>
internal sealed record PlanItem(PlannedRun Run, string? File, int Index, ulong? Seed)
{
    /// <summary>Which implementation each device is (default: the engine in process).</summary>
    public ImplementationAssignment Implementations { get; init; } = ImplementationAssignment.Engine;

    /// <summary>The seed the run will use.</summary>
    public ulong EffectiveSeed => ScenarioRunner.SeedFor(Run.Scenario, Seed);
}

/// <summary>
/// Carries out a plan with up to N runs at once. Runs are independent (each has its own server and devices); results
/// come back in plan order, and <c>inOrder</c> sees each as soon as every earlier one is done.
/// </summary>
internal static class PlanExecutor
{
    /// <param name="plan">The runs (each with its seed), in plan order.</param>
    /// <param name="jobs">How many runs at once (at least 1).</param>
    /// <param name="inOrder">Called (under a lock, one at a time) with each result in plan order.</param>
    /// <param name="anyOrder">Called as each run finishes, from the worker thread, in completion order.</param>
    public static IReadOnlyList<ScenarioResult> Execute(
        IReadOnlyList<PlanItem> plan,
        int jobs,
        Action<int, ScenarioResult>? inOrder = null,
        Action<ScenarioResult>? anyOrder = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ScenarioResult?[] results = new ScenarioResult?[plan.Count];
        object gate = new();
        int next = 0;

        // NoBuffering hands out indices one at a time: the costliest first (RunCost), so a long run does not start last
        // and leave the other workers idle; among equals in plan order. Results still come back in plan order.
        OrderablePartitioner<int> indices = Partitioner.Create(DispatchOrder(plan, jobs), EnumerablePartitionerOptions.NoBuffering);
        ParallelOptions options = new() { MaxDegreeOfParallelism = Math.Max(1, jobs) };
        Parallel.ForEach(indices, options, i =>
        {
            ScenarioResult result = RunOne(plan[i].Run, plan[i].Seed, plan[i].Implementations);
            anyOrder?.Invoke(result);
            lock (gate)
            {
                results[i] = result;
                while (next < results.Length && results[next] is { } done)
                {
                    inOrder?.Invoke(next, done);
                    next++;
                }
            }
        });

        return [.. results.Select(r => r!)];
    }

    /// <summary>
    /// The order runs start in: with one job, plan order (results stream out as they come); with more, the costliest
    /// first by <see cref="RunCost.Estimate"/> (longest-processing-time-first keeps the workers busy to the end), ties in
    /// plan order. Each run is self-contained and seeded, so the order changes no result.
    /// </summary>
    public static IReadOnlyList<int> DispatchOrder(IReadOnlyList<PlanItem> plan, int jobs) =>
        jobs <= 1
            ? [.. Enumerable.Range(0, plan.Count)]
            : [.. Enumerable.Range(0, plan.Count).OrderByDescending(i => RunCost.Estimate(plan[i].Run)).ThenBy(i => i)];

    /// <summary>One run; anything thrown outside the runner's own handling becomes a failed result, not a crash of the whole run.</summary>
    public static ScenarioResult RunOne(PlannedRun planned, ulong? seed, ImplementationAssignment? implementations = null)
    {
        ArgumentNullException.ThrowIfNull(planned);
        try
        {
            return ScenarioRunner.Run(planned, seed, implementations ?? ImplementationAssignment.Engine);
        }
#pragma warning disable CA1031 // A crash of one run is that run's failure; the other runs and the reports still happen.
        catch (Exception crash) when (crash is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            return new ScenarioResult(
                planned.Scenario.Name,
                planned.SuiteName,
                ScenarioRunner.SeedFor(planned.Scenario, seed),
                ScenarioOutcome.Fail,
                $"unexpected {crash.GetType().Name}: {crash.Message}",
                "setup",
                "",
                [],
                TimeSpan.Zero,
                planned.Scenario.Tags,
                planned.Scenario.Description)
            {
                SourceFile = planned.Scenario.SourceFile,
                Implementation = implementations?.Label ?? "",
            };
        }
    }
}
