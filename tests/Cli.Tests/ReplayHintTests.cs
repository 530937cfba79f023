namespace E2eeConformance.Cli.Tests;

/// <summary>The replay commands a failure prints work from any directory.</summary>
public sealed class ReplayHintTests : CliFixture
{
    [Test]
    public void A_failure_prints_the_tool_command_and_the_dotnet_run_command_with_absolute_paths()
    {
        Temp.Write("wrong.yaml", Samples.WrongExpectation);
        CliRun run = InDirectory(Temp.Directory, () =>
            CliHarness.Invoke("run", "--file", "wrong.yaml", "--suite", "ecc", "--report", "reports", "--no-progress"));

        string file = Path.Combine(Temp.Directory, "wrong.yaml");
        string project = ToolInfo.ProjectDirectory!;
        run.ExitCode.Should().Be(ExitCodes.Failed);
        run.Out.Should().Contain($"    replay: e2ee-conformance replay --file {file} --scenario tiny-wrong --suite ecc --seed 20261125")
            .And.Contain($"        or: dotnet run --project {project} -- replay --file {file} --scenario tiny-wrong --suite ecc --seed 20261125");
        Path.IsPathRooted(project).Should().BeTrue();
        File.Exists(Path.Combine(project, "Cli.csproj")).Should().BeTrue();
    }

    [Test]
    public void The_printed_replay_command_reproduces_the_failure_from_another_directory()
    {
        Temp.Write("wrong.yaml", Samples.WrongExpectation);
        CliRun run = InDirectory(Temp.Directory, () =>
            CliHarness.Invoke("run", "--file", "wrong.yaml", "--suite", "ecc", "--seed", "99", "--report", "reports", "--no-progress"));
        string command = run.OutLines.Single(l => l.StartsWith("    replay: ", StringComparison.Ordinal))["    replay: e2ee-conformance ".Length..];

        string elsewhere = Path.Combine(Temp.Directory, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        CliRun replay = InDirectory(elsewhere, () => CliHarness.Invoke(command.Split(' ')));

        replay.ExitCode.Should().Be(ExitCodes.Failed);
        replay.OutLines[0].Should().Be("seed: 99");
        replay.Out.Should().Contain("FAIL at step 4");
    }

    [Test]
    public void A_catalog_failure_names_no_file_and_a_forced_run_says_include_disabled()
    {
        Scenarios.Running.ScenarioResult result = new(
            "burst-reordered", "mlkem1024-slhdsa256s", 7, Scenarios.Running.ScenarioOutcome.Fail, "r", "s", "", [], TimeSpan.Zero, [], "");

        ReplayHint.ToolCommand(result, file: null, includeDisabled: true)
            .Should().Be("e2ee-conformance replay --scenario burst-reordered --suite mlkem1024-slhdsa256s --seed 7 --include-disabled");
        ReplayHint.Quote("my file.yaml").Should().Be("'my file.yaml'");
    }

    private static CliRun InDirectory(string directory, Func<CliRun> action)
    {
        string before = Environment.CurrentDirectory;
        Environment.CurrentDirectory = directory;
        try
        {
            return action();
        }
        finally
        {
            Environment.CurrentDirectory = before;
        }
    }
}
