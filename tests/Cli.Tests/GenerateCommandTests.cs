using E2eeConformance.Scenarios.Generation;

namespace E2eeConformance.Cli.Tests;

/// <summary><c>generate</c>: the convergence generator's scenario for a seed and mix, as the soak runs it.</summary>
public sealed class GenerateCommandTests : CliFixture
{
    [Test]
    public void Prints_the_soak_scenario_of_a_seed_and_mix()
    {
        CliRun run = CliHarness.Invoke("generate", "--seed", "783", "--mix", "membership-chaos");

        run.ExitCode.Should().Be(0, run.Error);
        run.Out.Should().Be(new ConvergenceScenarioGenerator(ConvergenceOperations.Membership | ConvergenceOperations.Chaos).Generate(783).Yaml);
        run.Out.Should().StartWith("name: convergence-membership-chaos-783\n");
    }

    [TestCase("all", ConvergenceOperations.All)]
    [TestCase("sends", ConvergenceOperations.SendsOnly)]
    [TestCase("Chaos-Membership", ConvergenceOperations.Membership | ConvergenceOperations.Chaos)]
    [TestCase("devices", ConvergenceOperations.Devices)]
    public void A_mix_name_and_its_flags_in_any_order_give_the_same_operations(string name, ConvergenceOperations expected) =>
        ConvergenceScenarioGenerator.ParseMix(name).Should().Be(expected);

    [Test]
    public void Every_soak_mix_name_reads_back_as_itself()
    {
        foreach (string name in ConvergenceScenarioGenerator.MixNames)
        {
            ConvergenceScenarioGenerator.MixName(ConvergenceScenarioGenerator.ParseMix(name)!.Value).Should().Be(name);
        }
    }

    [TestCase("bogus")]
    [TestCase("membership-")]
    [TestCase("")]
    public void An_unknown_mix_is_a_usage_error_naming_the_mixes(string mix)
    {
        CliRun run = CliHarness.Invoke("generate", "--seed", "1", "--mix", mix);

        run.ExitCode.Should().Be(2);
        run.Out.Should().BeEmpty();
        run.Error.Should().Contain("unknown operation mix").And.Contain("membership-chaos");
    }

    [Test]
    public void The_seed_is_required()
    {
        CliRun run = CliHarness.Invoke("generate", "--mix", "all");

        run.ExitCode.Should().Be(2);
    }

    [Test]
    public void A_file_written_with_out_checks_and_replays()
    {
        string path = Path.Combine(Temp.Directory, "seed-5.yaml");

        CliRun written = CliHarness.Invoke("generate", "--seed", "5", "--mix", "sends", "--out", path);
        CliRun check = CliHarness.Invoke("check", "--file", path);
        CliRun replay = CliHarness.Invoke("replay", "--file", path, "--suite", "ecc");

        written.ExitCode.Should().Be(0);
        written.Out.Should().Contain("convergence-sends-5.yaml").And.Contain("replay --file " + path);
        File.ReadAllText(path).Should().Be(new ConvergenceScenarioGenerator(ConvergenceOperations.SendsOnly).Generate(5).Yaml);
        check.ExitCode.Should().Be(0, check.All);
        replay.ExitCode.Should().Be(0, replay.All);
        replay.OutLines[^1].Should().StartWith("PASS  convergence-sends-5 [ecc]");
    }

    [Test]
    public void A_file_that_cannot_be_written_is_a_usage_error()
    {
        string path = Path.Combine(Temp.Directory, "no-such-folder", "x.yaml");

        CliRun run = CliHarness.Invoke("generate", "--seed", "5", "--out", path);

        run.ExitCode.Should().Be(2);
        run.Error.Should().StartWith("error: cannot write");
    }
}
