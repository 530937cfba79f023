namespace E2eeConformance.Cli.Tests;

public sealed class ReplayCommandTests : CliFixture
{
    [Test]
    public void Replaying_twice_with_one_seed_prints_the_same_transcript()
    {
        string file = Temp.Write("ok.yaml", Samples.Ok());

        CliRun first = CliHarness.Invoke("replay", "--file", file, "--suite", "ecc", "--seed", "777");
        CliRun second = CliHarness.Invoke("replay", "--file", file, "--suite", "ecc", "--seed", "777");

        first.ExitCode.Should().Be(0);
        second.ExitCode.Should().Be(0);
        first.OutLines[0].Should().Be("seed: 777");
        first.Out.Should().Contain("scenario tiny-ok").And.Contain("seed 777");
        first.OutLines[^1].Should().StartWith("PASS  tiny-ok [ecc]");

        // Everything but the last line (its wall time) is the deterministic transcript.
        first.OutLines.SkipLast(1).Should().Equal(second.OutLines.SkipLast(1));
        first.OutLines.Count.Should().BeGreaterThan(5);
    }

    [Test]
    public void A_random_seed_is_printed()
    {
        string file = Temp.Write("ok.yaml", Samples.Ok());

        CliRun run = CliHarness.Invoke("replay", "--file", file, "--suite", "ecc", "--seed", "random");

        run.ExitCode.Should().Be(0);
        run.OutLines[0].Should().MatchRegex(@"^seed: \d+ \(random\)$");
        string seed = run.OutLines[0].Split(' ')[1];
        run.Out.Should().Contain("\nseed " + seed + "\n");
    }

    [Test]
    public void Replaying_a_failure_exits_1_with_the_reason()
    {
        string file = Temp.Write("wrong.yaml", Samples.WrongExpectation);

        CliRun run = CliHarness.Invoke("replay", "--file", file, "--scenario", "tiny-wrong", "--suite", "ecc", "--seed", "5");

        run.ExitCode.Should().Be(1);
        run.OutLines[^1].Should().StartWith("FAIL  tiny-wrong [ecc]").And.Contain("sessions 7");
    }

    [Test]
    public void A_catalog_scenario_replays()
    {
        CliRun run = CliHarness.Invoke("replay", "--scenario", "hello-one2one", "--suite", "ecc", "--seed", "1");

        run.ExitCode.Should().Be(0);
        run.Out.Should().Contain("scenario hello-one2one");
    }

    [Test]
    public void The_suite_is_required()
    {
        string file = Temp.Write("ok.yaml", Samples.Ok());

        CliHarness.Invoke("replay", "--file", file).ExitCode.Should().Be(2);
    }

    [Test]
    public void A_file_whose_scenario_has_another_name_is_a_usage_error()
    {
        string file = Temp.Write("ok.yaml", Samples.Ok());

        CliRun run = CliHarness.Invoke("replay", "--file", file, "--scenario", "other", "--suite", "ecc");

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("tiny-ok");
    }
}
