using System.Text.Json;

namespace E2eeConformance.Cli.Tests;

/// <summary>
/// <c>run --impl</c>, <c>run --pair</c>, <c>replay --impl</c> and <c>report conformance</c> (docs/IMPLEMENTATIONS.md):
/// bad names and configs are usage errors with their code before anything runs; a pairing runs both ways round and
/// every report names it; the conformance report judges each implementation.
/// </summary>
public sealed class ImplementationOptionTests
{
    private CliHarness _temp = null!;

    [SetUp]
    public void CreateDirectory() => _temp = new CliHarness();

    [TearDown]
    public void DeleteDirectory() => _temp.Dispose();

    [Test]
    public void An_unknown_implementation_is_a_usage_error_that_lists_the_known_ones()
    {
        CliRun run = CliHarness.Invoke("run", "--impl", "libfoo", "--scenario", "hello-one2one", "--report", _temp.ReportDirectory);

        run.ExitCode.Should().Be(ExitCodes.Usage);
        run.Error.Should().Contain("error [implementation_not_found]: no implementation 'libfoo'").And.Contain("deviant, shim");
        Directory.Exists(_temp.ReportDirectory).Should().BeFalse("nothing ran");
    }

    [Test]
    public void A_bad_config_file_is_a_usage_error_naming_the_field()
    {
        string config = Path.Combine(_temp.Directory, "mine.json");
        File.WriteAllText(config, """{ "name": "mine", "command": ["p"], "timeout_seconds": -1 }""");

        CliRun run = CliHarness.Invoke("run", "--impl", config, "--scenario", "hello-one2one", "--report", _temp.ReportDirectory);

        run.ExitCode.Should().Be(ExitCodes.Usage);
        run.Error.Should().Contain("error [implementation_config_invalid]").And.Contain("timeout_seconds");
    }

    [TestCase("shim", "must name two implementations")]
    [TestCase("shim,shim", "names shim twice")]
    [TestCase("engine,", "must name two implementations")]
    [TestCase("a,b,c", "must name two implementations")]
    public void A_malformed_pair_is_a_usage_error(string pair, string message)
    {
        CliRun run = CliHarness.Invoke("run", "--pair", pair, "--scenario", "hello-one2one", "--report", _temp.ReportDirectory);

        run.ExitCode.Should().Be(ExitCodes.Usage);
        run.Error.Should().Contain(message);
    }

    [Test]
    public void Impl_and_pair_exclude_each_other() =>
        CliHarness.Invoke("run", "--impl", "shim", "--pair", "engine,shim", "--scenario", "hello-one2one", "--report", _temp.ReportDirectory)
            .Error.Should().Contain("--impl and --pair exclude each other");

    [Test]
    public void A_pairing_runs_both_ways_round_and_every_report_names_it()
    {
        CliRun run = CliHarness.Invoke("run", "--pair", "engine,shim", "--scenario", "hello-one2one", "--suite", "ecc", "--no-progress", "--report", _temp.ReportDirectory);

        run.ExitCode.Should().Be(ExitCodes.Ok, run.All);
        run.Out.Should().Contain("pairing: engine+shim and shim+engine")
            .And.Contain("PASS  hello-one2one [ecc @ engine+shim]").And.Contain("PASS  hello-one2one [ecc @ shim+engine]")
            .And.Contain("2 passed, 0 failed");
        File.ReadAllText(Path.Combine(_temp.ReportDirectory, "summary.md")).Should().Contain("| Scenario | ecc @ engine+shim | ecc @ shim+engine |");
        File.ReadAllText(Path.Combine(_temp.ReportDirectory, "junit.xml")).Should().Contain("ecc @ shim+engine");
        File.ReadAllText(Path.Combine(_temp.ReportDirectory, "report.html")).Should().Contain("--impl engine+shim");
        JsonElement runs = ResultsJson.Load(_temp.ReportDirectory).GetProperty("runs");
        runs.EnumerateArray().Select(r => (r.GetProperty("index").GetInt32(), r.GetProperty("implementation").GetString()))
            .Should().Equal((0, "engine+shim"), (1, "shim+engine"));

        CliRun conformance = CliHarness.Invoke("report", "conformance", _temp.ReportDirectory, "--report", _temp.ReportDirectory);
        conformance.ExitCode.Should().Be(ExitCodes.Ok, conformance.All);
        conformance.Out.Should().Contain("engine+shim: 16 behaviours: 1 met, 0 deviated, 15 not shown (1 runs)");
        File.ReadAllText(Path.Combine(_temp.ReportDirectory, "conformance.md")).Should().Contain("## shim+engine");
    }

    [Test]
    public void Replay_runs_one_direction_of_a_pairing_and_rejects_a_malformed_one()
    {
        CliRun replay = CliHarness.Invoke("replay", "--scenario", "hello-one2one", "--suite", "ecc", "--impl", "shim+engine");

        replay.ExitCode.Should().Be(ExitCodes.Ok, replay.All);
        replay.Out.Should().Contain("PASS  hello-one2one [ecc @ shim+engine]");
        CliHarness.Invoke("replay", "--scenario", "hello-one2one", "--suite", "ecc", "--impl", "a+b+c").Error.Should().Contain("as A+B");
    }

    [Test]
    public void A_config_that_disables_a_scenario_or_lacks_the_suite_leaves_its_runs_out_with_the_reason()
    {
        string config = Path.Combine(_temp.Directory, "mine.json");
        File.WriteAllText(config, """
            { "name": "mine", "command": ["{dotnet}", "{harness}/E2eeConformance.Shim.dll"], "suites": ["ecc"],
              "disabled": [ { "scenario": "hello-one2one", "reason": "not ready" } ] }
            """);

        CliRun run = CliHarness.Invoke("run", "--impl", config, "--scenario", "hello-one2one", "--suite", "ecc", "--suite", "pqc", "--no-progress", "--allow-empty", "--report", _temp.ReportDirectory);

        run.ExitCode.Should().Be(ExitCodes.Ok, run.All);
        run.Out.Should().Contain("DISABLED       hello-one2one [ecc @ mine]").And.Contain("disabled for mine: not ready")
            .And.Contain("mine does not support the suite pqc (its config)");
    }

    [Test]
    public void Report_conformance_of_a_missing_directory_is_a_usage_error() =>
        CliHarness.Invoke("report", "conformance", Path.Combine(_temp.Directory, "absent")).ExitCode.Should().Be(ExitCodes.Usage);
}
