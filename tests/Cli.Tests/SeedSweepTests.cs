namespace E2eeConformance.Cli.Tests;

public sealed class SeedSweepTests : CliFixture
{
    [Test]
    public void The_first_seed_of_a_sweep_is_the_base_and_the_others_are_splitmix64_outputs_from_it()
    {
        SeedSweep.Derive(42, 0).Should().Be(42);
        SeedSweep.Derive(0, 1).Should().Be(0xE220A8397B1DCDAFUL, "SplitMix64's first output from state 0");
        SeedSweep.Derive(0, 2).Should().Be(0x6E789E6AA1B965F4UL, "SplitMix64's second output from state 0");
        Enumerable.Range(0, 1000).Select(i => SeedSweep.Derive(20261125, i)).Should().OnlyHaveUniqueItems();
    }

    [Test]
    public void A_sweep_runs_each_scenario_and_suite_with_each_derived_seed_and_prints_it_per_run()
    {
        string file = Temp.Write("ok.yaml", Samples.Ok());
        ulong[] seeds = [42, SeedSweep.Derive(42, 1), SeedSweep.Derive(42, 2)];

        CliRun run = CliHarness.Invoke("run", "--file", file, "--suite", "ecc", "--seed", "42", "--seeds", "3", "--report", Temp.ReportDirectory, "--no-progress");

        run.ExitCode.Should().Be(ExitCodes.Ok);
        run.OutLines[0].Should().Be("seed: 42");
        run.OutLines[1].Should().Be("seeds: 3 per scenario x suite, derived from the seed (the first is that seed itself)");
        run.OutLines.Where(l => l.StartsWith("PASS", StringComparison.Ordinal)).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[4])
            .Should().Equal(seeds.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        ResultsJson.Runs(Temp.ReportDirectory).Should().Equal(seeds.Select(s => FormattableString.Invariant($"tiny-ok [ecc] {s}")));
        ResultsJson.Load(Temp.ReportDirectory).GetProperty("run").GetProperty("seeds").GetInt32().Should().Be(3);
        ResultsJson.Load(Temp.ReportDirectory).GetProperty("run").GetProperty("plan_size").GetInt32().Should().Be(3);
    }

    [Test]
    public void Without_a_seed_a_sweep_starts_from_each_scenarios_own_seed()
    {
        string file = Temp.Write("ok.yaml", Samples.Ok());

        CliRun run = CliHarness.Invoke("run", "--file", file, "--suite", "ecc", "--seeds", "2", "--report", Temp.ReportDirectory, "--no-progress");

        run.ExitCode.Should().Be(ExitCodes.Ok);
        ResultsJson.Runs(Temp.ReportDirectory).Should().Equal(
            "tiny-ok [ecc] 20261125",
            FormattableString.Invariant($"tiny-ok [ecc] {SeedSweep.Derive(20261125, 1)}"));
    }

    [Test]
    public void Each_failure_of_a_sweep_prints_the_replay_command_with_its_own_seed()
    {
        string file = Temp.Write("wrong.yaml", Samples.WrongExpectation);
        ulong second = SeedSweep.Derive(5, 1);

        CliRun run = CliHarness.Invoke("run", "--file", file, "--suite", "ecc", "--seed", "5", "--seeds", "2", "--report", Temp.ReportDirectory, "--no-progress");

        run.ExitCode.Should().Be(ExitCodes.Failed);
        run.Out.Should().Contain($"replay: e2ee-conformance replay --file {file} --scenario tiny-wrong --suite ecc --seed 5{Environment.NewLine}")
            .And.Contain(FormattableString.Invariant($"replay: e2ee-conformance replay --file {file} --scenario tiny-wrong --suite ecc --seed {second}{Environment.NewLine}"));
        run.OutLines.Should().Contain(l => l.StartsWith(FormattableString.Invariant($"FAIL  tiny-wrong [ecc] seed {second} "), StringComparison.Ordinal));
    }

    [TestCase("0")]
    [TestCase("100001")]
    [TestCase("many")]
    public void A_bad_seed_count_is_a_usage_error(string seeds)
    {
        string file = Temp.Write("ok.yaml", Samples.Ok());

        CliHarness.Invoke("run", "--file", file, "--suite", "ecc", "--seeds", seeds, "--report", Temp.ReportDirectory, "--no-progress")
            .ExitCode.Should().Be(ExitCodes.Usage);
    }
}
