using System.Text.RegularExpressions;

namespace E2eeConformance.Cli.Tests;

/// <summary>
/// Issue 17 §5: the catalog runs in parallel (<c>--jobs</c>, by default the core count), and how many runs go at once
/// changes nothing a user can see but the timings: the same transcripts, outcomes and results file for one job and for
/// four. Scenarios of all three families, on the ECC, PQC, P-256 and RSA suites.
/// </summary>
public sealed partial class JobCountDeterminismTests : CliFixture
{
    private static readonly string[] Selection =
    [
        "--scenario", "hello-one2one", "--scenario", "group-basic", "--scenario", "burst-reordered", "--scenario", "group-add-member",
        "--scenario", "room-keys-hostile-network", "--scenario", "sender-keys-join-rotates", "--scenario", "server-down-devices-wait",
        "--scenario", "skipped-keys-across-ratchet",
        "--suite", "ecc", "--suite", "pqc", "--suite", "p256", "--suite", "rsa-oaep",
    ];

    [Test]
    public void One_job_and_four_jobs_give_the_same_transcripts_and_results()
    {
        (string oneOut, string oneResults) = Run("1");
        (string fourOut, string fourResults) = Run("4");

        oneOut.Should().Contain("19 passed, 0 failed");
        WithoutTimes(fourOut).Should().Be(WithoutTimes(oneOut));
        WithoutDurations(fourResults).Should().Be(WithoutDurations(oneResults));
    }

    private (string Out, string Results) Run(string jobs)
    {
        string reports = Path.Combine(Temp.ReportDirectory, "jobs-" + jobs);
        CliRun run = CliHarness.Invoke(["run", .. Selection, "--report", reports, "--no-progress", "--transcripts", "--jobs", jobs]);
        run.ExitCode.Should().Be(0, run.Out + run.Error);
        return (run.Out, File.ReadAllText(Path.Combine(reports, "results.json")));
    }

    /// <summary>The output without the run times (each result line's seconds, the summary's total) and report paths.</summary>
    private static string WithoutTimes(string output) =>
        ReportPath().Replace(ResultTime().Replace(TotalTime().Replace(output, ""), ""), "report:");

    private static string WithoutDurations(string results) => Duration().Replace(StartedAt().Replace(results, ""), "");

    [GeneratedRegex(@" +\d+\.\d+s$", RegexOptions.Multiline)]
    private static partial Regex ResultTime();

    [GeneratedRegex(@" in \d+(\.\d+)?\s?s.*$", RegexOptions.Multiline)]
    private static partial Regex TotalTime();

    [GeneratedRegex(@"^report: .*$", RegexOptions.Multiline)]
    private static partial Regex ReportPath();

    [GeneratedRegex(@"""duration_ms"": [0-9.]+")]
    private static partial Regex Duration();

    [GeneratedRegex(@"""(started|finished|generated|elapsed|wall)[a-z_]*"": (""[^""]*""|[0-9.]+),?")]
    private static partial Regex StartedAt();
}
