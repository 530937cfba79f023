using System.Diagnostics;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Fuzzing;

/// <summary>
/// Runs a fuzzing campaign (issue 14 §3, docs/FUZZING.md): generates <see cref="FuzzOptions.Runs"/> scenarios, runs them
/// in process (several at once), then shrinks the first failure of each kind (<see cref="FailureSignature"/>), writes
/// the shrunk scenario as a file and checks that the file, read back from disk and run, fails the same way.
/// </summary>
public static class FuzzCampaign
{
    /// <summary>Runs the campaign; <paramref name="onFailure"/> hears of each failure (shrunk or not) in run order.</summary>
    public static FuzzReport Run(FuzzOptions options, Action<FuzzFailure>? onFailure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!CipherSuite.TryParse(options.Suite, out CipherSuite? suite))
        {
            throw new ArgumentException($"unknown suite {options.Suite}", nameof(options));
        }

        var executor = new FuzzExecutor(suite, options.Interceptor);
        var generator = new FuzzGenerator(options.Profile, suite.Name, options.IncludeKnownFindings);
        var watch = Stopwatch.StartNew();
        var failed = new FuzzFailure?[options.Runs];
        Parallel.For(0, options.Runs, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Jobs) }, i =>
        {
            FuzzScenario scenario = generator.Generate(options.SeedOf(i));
            ScenarioResult result = executor.Run(scenario.Load());
            if (!result.Passed)
            {
                failed[i] = new FuzzFailure(i, scenario, result, FailureSignature.Of(result, scenario.Users.Select(u => u.Name)));
            }
        });
        TimeSpan runTime = watch.Elapsed;

        List<FuzzFailure> failures = [];
        HashSet<FailureSignature> shrunk = [];
        foreach (FuzzFailure failure in failed.OfType<FuzzFailure>())
        {
            FuzzFailure reported = options.Shrink && shrunk.Add(failure.Signature) ? Shrink(failure, executor, options) : failure;
            failures.Add(reported);
            onFailure?.Invoke(reported);
        }

        return new FuzzReport(options, options.Runs - failures.Count, failures, runTime, watch.Elapsed);
    }

    /// <summary>Shrinks one failure, writes the file (when a directory is set) and replays it from disk.</summary>
    public static FuzzFailure Shrink(FuzzFailure failure, FuzzExecutor executor, FuzzOptions options)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentNullException.ThrowIfNull(options);
        FuzzExecutor? reference = executor.Interceptor is null ? null : new FuzzExecutor(executor.Suite);
        ShrinkResult result = new FuzzShrinker(executor, options.MaxShrinkRuns, options.MaxShrinkTime, reference).Shrink(failure.Scenario, failure.Signature);
        if (options.OutputDirectory is null)
        {
            return failure with { Shrunk = result };
        }

        string path = FuzzArtifact.Write(result, options.Seed, failure.Index, options.OutputDirectory);
        ScenarioResult replay = executor.Run(ScenarioLoader.LoadFile(path));
        bool same = !replay.Passed && FailureSignature.Of(replay, result.Shrunk.Users.Select(u => u.Name)) == failure.Signature;
        return failure with { Shrunk = result, File = path, Reproduces = same };
    }
}
