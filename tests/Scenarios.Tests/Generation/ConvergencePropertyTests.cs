using System.Globalization;
using System.Text.RegularExpressions;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Generation;
using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Generation;

/// <summary>
/// The convergence property (issue 11 §6) over generated scenarios: after the network heals, every current member holds
/// the group with the same members and has read every message meant for it; nobody reads what was not meant for it.
/// The CI share runs every operation mix (<see cref="CiMixes"/>) over its first seeds; the opt-in soak
/// (<see cref="ConvergenceSoakTests"/>) runs thousands: every mix passes 5,000 seeds with ECC and PQC
/// (docs/CONVERGENCE.md), so a failing seed there is a regression.
/// </summary>
public sealed class ConvergencePropertyTests
{
    /// <summary>Seeds per mix of the CI share (ECC), overridable with <c>CONVERGENCE_CI_SEEDS</c>.</summary>
    private const int CiSeedsPerMix = 50;

    /// <summary>The operation mixes the CI share runs: every one passes all its seeds today.</summary>
    public static readonly ConvergenceOperations[] CiMixes =
    [
        ConvergenceOperations.SendsOnly,
        ConvergenceOperations.Restarts,
        ConvergenceOperations.Faults,
        ConvergenceOperations.Chaos,
        ConvergenceOperations.Membership,
        ConvergenceOperations.Membership | ConvergenceOperations.Faults,
        ConvergenceOperations.Membership | ConvergenceOperations.Chaos,
        ConvergenceOperations.Devices,
        ConvergenceOperations.All,
    ];

    [Test]
    public void The_same_seed_gives_the_same_scenario_text()
    {
        var generator = new ConvergenceScenarioGenerator();
        GeneratedScenario first = generator.Generate(7);
        GeneratedScenario again = new ConvergenceScenarioGenerator().Generate(7);
        again.Yaml.Should().Be(first.Yaml);
        again.Scenario.Steps.Select(s => s.Keyword).Should().Equal(first.Scenario.Steps.Select(s => s.Keyword));
        generator.Generate(8).Yaml.Should().NotBe(first.Yaml);
        new ConvergenceScenarioGenerator(ConvergenceOperations.Membership).Generate(7).Yaml.Should().NotBe(first.Yaml);
    }

    [Test]
    public void A_generated_scenario_creates_the_group_heals_and_expects_every_member_device_in_it()
    {
        GeneratedScenario generated = new ConvergenceScenarioGenerator().Generate(3);
        generated.Scenario.Name.Should().Be("convergence-all-3");
        generated.Scenario.Seed.Should().Be(3UL);
        generated.Scenario.Users.Count.Should().BeInRange(ConvergenceScenarioGenerator.MinUsers, ConvergenceScenarioGenerator.MaxUsers);
        generated.Scenario.Steps.Select(s => s.Keyword).Should().Contain(["register", "create_group", "release", "run_until_quiet", "expect"]);
        generated.Yaml.Should().Contain("group_members:");
    }

    [Test]
    public void The_check_fails_when_an_expectation_is_mutated()
    {
        GeneratedScenario generated = new ConvergenceScenarioGenerator(ConvergenceOperations.SendsOnly).Generate(1);
        ScenarioRunner.Run(generated.Scenario, CipherSuite.Ecc).Passed.Should().BeTrue();
        Match count = Regex.Match(generated.Yaml, @"group_members: (\d+)");
        count.Success.Should().BeTrue();
        int wrong = int.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture) + 1;
        string mutated = generated.Yaml.Replace(count.Value, $"group_members: {wrong.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal);
        ScenarioResult result = ScenarioRunner.Run(ScenarioLoader.Parse(mutated, generated.FileName), CipherSuite.Ecc);
        result.Passed.Should().BeFalse();
        result.Reason.Should().Contain("group_members");
    }

    [Test]
    public void A_failure_report_names_the_seed_a_replay_command_and_the_scenario()
    {
        GeneratedScenario generated = new ConvergenceScenarioGenerator(ConvergenceOperations.SendsOnly).Generate(2);
        ScenarioResult failed = ScenarioRunner.Run(ScenarioLoader.Parse(generated.Yaml.Replace("group_members: ", "group_members: 9", StringComparison.Ordinal), generated.FileName), CipherSuite.Ecc);
        string report = ConvergenceSweep.Describe(generated, failed, "ecc");
        report.Should().StartWith("seed 2 (sends, ecc): ").And.Contain("replay --file ").And.Contain("name: convergence-sends-2");
    }

    [TestCaseSource(nameof(CiMixes))]
    public void Every_ci_seed_of_the_mix_converges(ConvergenceOperations operations)
    {
        int seeds = ConvergenceSweep.Count("CONVERGENCE_CI_SEEDS", CiSeedsPerMix);
        ConvergenceSweep.Outcome outcome = ConvergenceSweep.Run(operations, "ecc", 1, seeds);
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ConvergenceScenarioGenerator.MixName(operations)}: {outcome.Seeds - outcome.Failures.Count}/{outcome.Seeds} passed in {outcome.Elapsed.TotalSeconds:F1} s"));
        outcome.Failures.Should().BeEmpty(string.Join("\n", outcome.Failures));
    }
}
