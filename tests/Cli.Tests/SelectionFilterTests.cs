namespace E2eeConformance.Cli.Tests;

/// <summary><c>--tag</c>, <c>--exclude-tag</c>, <c>--include-disabled</c>, and what a run in which nothing ran does.</summary>
public sealed class SelectionFilterTests : CliFixture
{
    [TestCase(new[] { "--tag", "alpha" }, new[] { "tiny-a", "tiny-ab" })]
    [TestCase(new[] { "--tag", "alpha", "--tag", "beta" }, new[] { "tiny-a", "tiny-b", "tiny-ab" })]
    [TestCase(new[] { "--tag", "ALPHA", "--exclude-tag", "beta" }, new[] { "tiny-a" })]
    [TestCase(new[] { "--exclude-tag", "alpha" }, new[] { "tiny-b" })]
    public void Tags_select_the_scenarios_with_any_given_tag_and_none_excluded(string[] filters, string[] expected)
    {
        CliRun run = CliHarness.Invoke([.. ThreeTaggedFiles(), "--suite", "ecc", .. filters, "--report", Temp.ReportDirectory, "--no-progress"]);

        run.ExitCode.Should().Be(ExitCodes.Ok);
        run.OutLines.Where(l => l.StartsWith("PASS", StringComparison.Ordinal)).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])
            .Should().Equal(expected);
    }

    [Test]
    public void The_catalogs_small_tag_selects_exactly_the_small_scenarios()
    {
        RunOptions options = new([], ["ecc"], null, [], "unused", NoProgress: true, Transcripts: false, Jobs: 1) { Tags = new TagFilter(["small"], []) };

        RunPlan plan = RunPlan.Build(options, seed: null);

        plan.Items.Select(i => i.Run.Scenario.Name).Should().BeEquivalentTo(
            CatalogView.Load().Scenarios.Where(s => s.Tags.Contains("small")).Select(s => s.Name));
        plan.Items.Should().NotBeEmpty();
    }

    [Test]
    public void An_unknown_tag_is_a_usage_error_listing_the_known_tags()
    {
        CliRun run = CliHarness.Invoke("run", "--tag", "smal", "--suite", "ecc", "--report", Temp.ReportDirectory, "--no-progress");

        run.ExitCode.Should().Be(ExitCodes.Usage);
        run.Error.Should().Contain("unknown tag 'smal'; known tags: ").And.Contain("small").And.Contain("group");
    }

    [Test]
    public void A_disabled_combination_alone_exits_3_and_says_why()
    {
        CliRun run = CliHarness.Invoke("run", "--scenario", "burst-reordered", "--suite", "mlkem1024-slhdsa256s", "--report", Temp.ReportDirectory, "--no-progress");

        run.ExitCode.Should().Be(ExitCodes.NothingRan);
        run.Out.Should().Contain("DISABLED  burst-reordered [mlkem1024-slhdsa256s]");
        run.Error.Should().Contain("error: nothing ran: the selection has 1 run and none of them runs: 1 disabled, 0 unimplemented")
            .And.Contain("--include-disabled runs the disabled ones").And.Contain("--allow-empty");
        ResultsJson.Outcomes(Temp.ReportDirectory).Should().Equal("burst-reordered [mlkem1024-slhdsa256s] disabled");
    }

    [Test]
    public void Only_unimplemented_runs_exit_3()
    {
        string file = Temp.Write("legacy.yaml", Samples.PartlyUnimplemented);

        CliRun run = CliHarness.Invoke("run", "--file", file, "--suite", "skissm-kyber1024-dilithium5", "--report", Temp.ReportDirectory, "--no-progress");

        run.ExitCode.Should().Be(ExitCodes.NothingRan);
        run.Error.Should().Contain("0 disabled, 1 unimplemented").And.NotContain("--include-disabled runs");
    }

    [Test]
    public void Tag_filters_that_leave_nothing_exit_3_naming_the_filters()
    {
        CliRun run = CliHarness.Invoke([.. ThreeTaggedFiles(), "--tag", "alpha", "--exclude-tag", "alpha", "--report", Temp.ReportDirectory, "--no-progress"]);

        run.ExitCode.Should().Be(ExitCodes.NothingRan);
        run.Error.Should().Contain("nothing ran: the tag filters (--tag alpha --exclude-tag alpha) leave none of the 3 selected scenarios");
        ResultsJson.Runs(Temp.ReportDirectory).Should().BeEmpty();
    }

    [Test]
    public void Allow_empty_accepts_a_run_in_which_nothing_ran()
    {
        CliRun run = CliHarness.Invoke("run", "--scenario", "burst-reordered", "--suite", "mlkem1024-slhdsa256s", "--allow-empty", "--report", Temp.ReportDirectory, "--no-progress");

        run.ExitCode.Should().Be(ExitCodes.Ok);
        run.Out.Should().Contain("nothing ran: ").And.Contain("(accepted: --allow-empty)");
        run.Error.Should().BeEmpty();
    }

    [Test]
    public void Include_disabled_runs_a_scenario_that_is_disabled_by_default()
    {
        string file = Temp.Write("disabled.yaml", Samples.Disabled);

        CliRun without = CliHarness.Invoke("run", "--file", file, "--suite", "ecc", "--report", Temp.ReportDirectory, "--no-progress");
        CliRun with = CliHarness.Invoke("run", "--file", file, "--suite", "ecc", "--include-disabled", "--report", Temp.ReportDirectory, "--no-progress");

        without.ExitCode.Should().Be(ExitCodes.NothingRan);
        without.Out.Should().Contain("DISABLED  tiny-disabled [ecc]").And.Contain("waiting for a fix");
        with.ExitCode.Should().Be(ExitCodes.Ok);
        with.Out.Should().Contain("PASS  tiny-disabled [ecc]");
    }

    [Test]
    public void Include_disabled_plans_the_slow_suite_for_scenarios_not_tagged_small()
    {
        RunOptions options = new(["burst-reordered"], ["mlkem1024-slhdsa256s"], null, [], "unused", NoProgress: true, Transcripts: false, Jobs: 1);

        RunPlan.Build(options, seed: null).Items.Single().Run.Skip.Should().Be(Scenarios.Running.ScenarioOutcome.Disabled);
        RunPlan.Build(options with { IncludeDisabled = true }, seed: null).Items.Single().Run.Skip.Should().BeNull();
    }

    private string[] ThreeTaggedFiles() =>
    [
        "run",
        "--file", Temp.Write("a.yaml", Samples.Tagged("tiny-a", "alpha")),
        "--file", Temp.Write("b.yaml", Samples.Tagged("tiny-b", "beta")),
        "--file", Temp.Write("ab.yaml", Samples.Tagged("tiny-ab", "alpha", "beta")),
    ];
}
