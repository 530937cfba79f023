using System.Globalization;

namespace E2eeConformance.Scenarios.Fuzzing;

/// <summary>What a campaign found: how many runs passed, each failure (in run order), and how long it took.</summary>
/// <param name="Options">The campaign.</param>
/// <param name="Passed">How many runs passed.</param>
/// <param name="Failures">The failed runs, in run order.</param>
/// <param name="RunTime">How long generating and running took (shrinking excluded).</param>
/// <param name="Elapsed">How long the whole campaign took.</param>
public sealed record FuzzReport(FuzzOptions Options, int Passed, IReadOnlyList<FuzzFailure> Failures, TimeSpan RunTime, TimeSpan Elapsed)
{
    /// <summary>Whether every run passed.</summary>
    public bool AllPassed => Failures.Count == 0;

    /// <summary>
    /// The summary line: <c>300 runs, 300 passed, 0 failed, seeds 1–300 (profile one2one, suite ecc), 41.2 s (7.3 runs/s)</c>.
    /// </summary>
    public string Summary
    {
        get
        {
            int runs = Options.Runs;
            string seeds = runs == 1
                ? string.Create(CultureInfo.InvariantCulture, $"seed {Options.Seed}")
                : string.Create(CultureInfo.InvariantCulture, $"seeds {Options.Seed}–{Options.SeedOf(runs - 1)}");
            string failedSeeds = Failures.Count == 0 ? "" : " (failed: " + string.Join(", ", Failures.Select(f => f.Scenario.Seed.ToString(CultureInfo.InvariantCulture))) + ")";
            double perSecond = RunTime.TotalSeconds > 0 ? runs / RunTime.TotalSeconds : 0;
            return string.Create(CultureInfo.InvariantCulture, $"{runs} runs, {Passed} passed, {Failures.Count} failed{failedSeeds}, {seeds} (profile {Options.Profile.Name()}, suite {Options.Suite}), {Elapsed.TotalSeconds:F1} s ({perSecond:F1} runs/s)");
        }
    }
}
