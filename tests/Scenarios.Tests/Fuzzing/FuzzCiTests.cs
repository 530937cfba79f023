using System.Globalization;
using E2eeConformance.Scenarios.Fuzzing;

namespace E2eeConformance.Scenarios.Tests.Fuzzing;

/// <summary>
/// The fuzzer's CI share (issue 14 §3: "fuzz --runs 300 passes in CI"): 300 generated scenarios with ECC and the real
/// engine, split over the profiles, must all pass; a failure prints the shrunk file and its replay command. The
/// operations left out of the default mix for known findings stay out (docs/FUZZING.md §Findings).
/// </summary>
public sealed class FuzzCiTests
{
    /// <summary>Runs per profile, overridable with <c>FUZZ_CI_RUNS</c> (3 profiles × 100 = 300).</summary>
    private const int RunsPerProfile = 100;

    private static readonly FuzzProfile[] Profiles = [.. FuzzProfiles.All];

    [TestCaseSource(nameof(Profiles))]
    public void Every_generated_scenario_passes_with_the_engine(FuzzProfile profile)
    {
        int runs = FuzzSoakTests.Count("FUZZ_CI_RUNS", RunsPerProfile);
        string directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "fuzz-failures");
        FuzzReport report = FuzzCampaign.Run(new FuzzOptions(1, runs, profile) { OutputDirectory = directory });
        TestContext.Out.WriteLine(report.Summary);
        report.Failures.Should().BeEmpty(string.Join("\n", report.Failures.Select(Describe)));
    }

    /// <summary>A failure's line, the shrunk file and the replay command.</summary>
    public static string Describe(FuzzFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.File is { } file
            ? string.Create(CultureInfo.InvariantCulture, $"{failure.Line}\n  shrunk to {failure.Shrunk!.Shrunk.StepCount} steps: {file}\n  replay: {FuzzArtifact.ReplayCommand(file)}\n{File.ReadAllText(file)}")
            : failure.Line;
    }
}
