using E2eeConformance.Engine.Wire;
using E2eeConformance.Scenarios.Fuzzing;

namespace E2eeConformance.Cli.Tests;

/// <summary><c>fuzz</c>: generated scenarios of a profile run from a seed; failures shrink to files <c>run --file</c> replays.</summary>
public sealed class FuzzCommandTests : CliFixture
{
    [Test]
    public void Runs_the_scenarios_of_a_seed_and_prints_the_summary()
    {
        CliRun run = CliHarness.Invoke("fuzz", "--seed", "5", "--runs", "4", "--profile", "groups", "--out", Temp.Directory);

        run.ExitCode.Should().Be(0, run.All);
        run.OutLines[0].Should().Be("fuzz: seed 5, 4 runs, profile groups, suite ecc");
        run.OutLines[^1].Should().StartWith("4 runs, 4 passed, 0 failed, seeds 5–8 (profile groups, suite ecc), ").And.EndWith("runs/s)");
        Directory.GetFiles(Temp.Directory, "fuzz-*.yaml").Should().BeEmpty();
    }

    [TestCase("--profile", "mls", "unknown profile 'mls'")]
    [TestCase("--suite", "rot13", "unknown suite 'rot13'")]
    [TestCase("--runs", "0", "--runs expects a whole number")]
    public void A_bad_option_is_a_usage_error(string option, string value, string message)
    {
        CliRun run = CliHarness.Invoke("fuzz", "--seed", "1", option, value);

        run.ExitCode.Should().Be(2);
        run.All.Should().Contain(message);
    }

    [Test]
    public void A_shrunk_failure_of_a_broken_engine_is_a_file_check_accepts_and_run_passes_with_the_real_engine()
    {
        var options = new FuzzOptions(1, 3, FuzzProfile.One2One) { Interceptor = IgnoreAccepts, OutputDirectory = Temp.Directory };
        FuzzReport report = FuzzCampaign.Run(options);
        report.AllPassed.Should().BeFalse();
        string file = report.Failures[0].File!;
        File.ReadAllText(file).Should().Contain("# Replay: e2ee-conformance run --file fuzz-1-");

        CliHarness.Invoke("check", "--file", file).ExitCode.Should().Be(0);
        CliRun run = CliHarness.Invoke("run", "--file", file, "--report", Temp.ReportDirectory);
        run.ExitCode.Should().Be(0, run.All);
        run.Out.Should().Contain("1 passed");
    }

    /// <summary>A broken engine: every accept is consumed and ignored.</summary>
    private static ProtoMsg? IgnoreAccepts(string device, ProtoMsg message)
    {
        if (message.PayloadCase == ProtoMsg.PayloadOneofCase.AcceptMsg)
        {
            message.ClearPayload();
        }

        return message;
    }
}
