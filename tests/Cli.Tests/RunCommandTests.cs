using System.Text.RegularExpressions;

namespace E2eeConformance.Cli.Tests;

public sealed class RunCommandTests : CliFixture
{
    [Test]
    public void A_passing_file_exits_0_prints_the_seed_first_and_writes_the_four_reports()
    {
        string file = Temp.Write("ok.yaml", Samples.Ok());

        CliRun run = CliHarness.Invoke("run", "--file", file, "--suite", "ecc", "--report", Temp.ReportDirectory, "--no-progress");

        run.ExitCode.Should().Be(0);
        run.OutLines[0].Should().Be("seed: per scenario (default 20261125)");
        run.OutLines[1].Should().MatchRegex(@"^PASS  tiny-ok \[ecc\] +\d+\.\d\ds$");
        run.Out.Should().Contain("1 passed, 0 failed, 0 unimplemented, 0 disabled in ");
        foreach (string report in new[] { "junit.xml", "summary.md", "report.html", "results.json" })
        {
            File.Exists(Path.Combine(Temp.ReportDirectory, report)).Should().BeTrue(report);
            run.Out.Should().Contain(Path.Combine(Temp.ReportDirectory, report));
        }
    }

    [Test]
    public void A_given_seed_is_the_first_line_and_used_by_the_run()
    {
        string file = Temp.Write("ok.yaml", Samples.Ok());

        CliRun run = CliHarness.Invoke("run", "--file", file, "--suite", "ecc", "--seed", "12345", "--report", Temp.ReportDirectory, "--no-progress", "--transcripts");

        run.ExitCode.Should().Be(0);
        run.OutLines[0].Should().Be("seed: 12345");
        run.Out.Should().Contain("    seed 12345");
    }

    [Test]
    public void A_wrong_expectation_exits_1_and_says_what_was_expected_and_found_with_a_replay_command()
    {
        string file = Temp.Write("wrong.yaml", Samples.WrongExpectation);

        CliRun run = CliHarness.Invoke("run", "--file", file, "--suite", "ecc", "--report", Temp.ReportDirectory, "--no-progress");

        run.ExitCode.Should().Be(1);
        string failLine = run.OutLines.Single(l => l.StartsWith("FAIL", StringComparison.Ordinal));
        failLine.Should().MatchRegex(@"^FAIL  tiny-wrong \[ecc\] +\d+\.\d\ds : step 4 \(line 10\)");
        failLine.Should().Contain("sessions 7").And.Contain("found 1");
        run.Out.Should().Contain("    FAIL at step 4");
        run.Out.Should().Contain($"replay: e2ee-conformance replay --file {file} --scenario tiny-wrong --suite ecc --seed 20261125");
        run.Out.Should().Contain("0 passed, 1 failed");
    }

    [TestCase("unknown-key.yaml", nameof(Samples.UnknownKey), 8)]
    [TestCase("indent.yaml", nameof(Samples.BadIndentation), 5)]
    public void A_malformed_file_exits_2_with_file_line_and_column(string fileName, string sample, int line)
    {
        string yaml = sample == nameof(Samples.UnknownKey) ? Samples.UnknownKey : Samples.BadIndentation;
        string file = Temp.Write(fileName, yaml);

        CliRun run = CliHarness.Invoke("run", "--file", file, "--suite", "ecc", "--report", Temp.ReportDirectory, "--no-progress");

        run.ExitCode.Should().Be(2);
        run.Error.Should().MatchRegex(Regex.Escape(file) + ":" + line.ToString(System.Globalization.CultureInfo.InvariantCulture) + @":\d+: expected .*, found ");
        File.Exists(Path.Combine(Temp.ReportDirectory, "junit.xml")).Should().BeFalse();
    }

    [Test]
    public void Results_come_in_plan_order_whatever_the_jobs()
    {
        string[] files = [.. Enumerable.Range(1, 5).Select(i => Temp.Write($"s{i}.yaml", Samples.Ok($"tiny-{i}")))];
        string[] args = ["run", "--suite", "ecc", "--report", Temp.ReportDirectory, "--no-progress", "--jobs", "4", .. files.SelectMany(f => new[] { "--file", f })];

        CliRun run = CliHarness.Invoke(args);

        run.ExitCode.Should().Be(0);
        run.OutLines.Where(l => l.StartsWith("PASS", StringComparison.Ordinal)).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])
            .Should().Equal("tiny-1", "tiny-2", "tiny-3", "tiny-4", "tiny-5");
    }

    [Test]
    public void A_file_and_a_named_catalog_scenario_both_run()
    {
        string file = Temp.Write("ok.yaml", Samples.Ok());

        CliRun run = CliHarness.Invoke("run", "--file", file, "--scenario", "hello-one2one", "--suite", "ecc", "--report", Temp.ReportDirectory, "--no-progress");

        run.ExitCode.Should().Be(0);
        run.Out.Should().Contain("PASS  tiny-ok [ecc]").And.Contain("hello-one2one [ecc]");
    }

    [Test]
    public void An_unknown_scenario_exits_2_and_lists_the_known_ones()
    {
        CliRun run = CliHarness.Invoke("run", "--scenario", "no-such-scenario", "--suite", "ecc", "--report", Temp.ReportDirectory, "--no-progress");

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("unknown scenario 'no-such-scenario'").And.Contain("hello-one2one");
    }

    [Test]
    public void An_unknown_suite_exits_2_and_lists_the_known_ones()
    {
        string file = Temp.Write("ok.yaml", Samples.Ok());

        CliRun run = CliHarness.Invoke("run", "--file", file, "--suite", "rot13", "--report", Temp.ReportDirectory, "--no-progress");

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("unknown suite 'rot13'").And.Contain("ecc").And.Contain("pqc");
    }

    [TestCase("--seed", "twelve")]
    [TestCase("--jobs", "0")]
    [TestCase("--no-such-option", "x")]
    public void A_bad_option_is_a_usage_error(string option, string value)
    {
        string file = Temp.Write("ok.yaml", Samples.Ok());

        CliRun run = CliHarness.Invoke("run", "--file", file, "--suite", "ecc", option, value, "--report", Temp.ReportDirectory, "--no-progress");

        run.ExitCode.Should().Be(2);
    }

    [Test]
    public void A_missing_file_is_a_usage_error()
    {
        CliRun run = CliHarness.Invoke("run", "--file", Path.Combine(Temp.Directory, "absent.yaml"), "--report", Temp.ReportDirectory, "--no-progress");

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("no such scenario file");
    }
}
