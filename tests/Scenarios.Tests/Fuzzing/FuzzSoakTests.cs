using System.Globalization;
using E2eeConformance.Scenarios.Fuzzing;

namespace E2eeConformance.Scenarios.Tests.Fuzzing;

/// <summary>
/// Opt-in soak of the fuzzer (category "Soak": <c>dotnet test tests/Scenarios.Tests --filter "TestCategory=Soak&amp;FullyQualifiedName~FuzzSoak"</c>):
/// every profile over <c>FUZZ_SOAK_RUNS</c> runs (default 5,000) from <c>FUZZ_SOAK_SEED</c> (default 1), ECC; each
/// failure is shrunk and listed with its file and replay command. <c>FUZZ_KNOWN_FINDINGS=1</c> also draws the
/// operations left out for known findings (docs/FUZZING.md §Findings), which then fail until they are fixed.
/// </summary>
[Category("Soak")]
public sealed class FuzzSoakTests
{
    private static readonly FuzzProfile[] Profiles = [.. FuzzProfiles.All];

    [TestCaseSource(nameof(Profiles))]
    public void Every_generated_scenario_passes(FuzzProfile profile)
    {
        int runs = Count("FUZZ_SOAK_RUNS", 5_000);
        ulong seed = (ulong)Count("FUZZ_SOAK_SEED", 1);
        string directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "fuzz-soak-failures");
        FuzzReport report = FuzzCampaign.Run(new FuzzOptions(seed, runs, profile)
        {
            OutputDirectory = directory,
            IncludeKnownFindings = Count("FUZZ_KNOWN_FINDINGS", 0) == 1,
        });
        TestContext.Out.WriteLine(report.Summary);
        foreach (FuzzFailure failure in report.Failures)
        {
            TestContext.Out.WriteLine(FuzzCiTests.Describe(failure));
        }

        report.Failures.Should().BeEmpty(string.Join("\n", report.Failures.Take(5).Select(f => f.Line)));
    }

    /// <summary>A count from an environment variable, else the default.</summary>
    public static int Count(string variable, int fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
