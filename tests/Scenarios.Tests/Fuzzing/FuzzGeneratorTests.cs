using E2eeConformance.Scenarios.Fuzzing;
using E2eeConformance.Scenarios.Model;

namespace E2eeConformance.Scenarios.Tests.Fuzzing;

/// <summary>The fuzzer's generator: deterministic, and what it writes is an ordinary scenario the loader reads.</summary>
public sealed class FuzzGeneratorTests
{
    private static readonly FuzzProfile[] Profiles = [.. FuzzProfiles.All];

    [TestCaseSource(nameof(Profiles))]
    public void The_same_seed_gives_the_same_yaml_and_another_seed_another(FuzzProfile profile)
    {
        string first = new FuzzGenerator(profile).Generate(42).Yaml;
        new FuzzGenerator(profile).Generate(42).Yaml.Should().Be(first);
        new FuzzGenerator(profile).Generate(43).Yaml.Should().NotBe(first);
    }

    [Test]
    public void Profiles_draw_different_scenarios_from_one_seed()
    {
        string[] texts = [.. Profiles.Select(p => new FuzzGenerator(p).Generate(7).Yaml)];
        texts.Should().OnlyHaveUniqueItems();
    }

    [TestCaseSource(nameof(Profiles))]
    public void Every_scenario_loads_names_its_suite_and_seed_and_keeps_to_the_cast(FuzzProfile profile)
    {
        for (ulong seed = 1; seed <= 50; seed++)
        {
            FuzzScenario generated = new FuzzGenerator(profile).Generate(seed);
            Scenario scenario = generated.Load();
            scenario.Name.Should().Be($"fuzz-{profile.Name()}-{seed}");
            scenario.Suites.Should().Equal("ecc");
            scenario.Seed.Should().Be(seed);
            scenario.Users.Count.Should().BeInRange(FuzzGenerator.MinUsers, FuzzGenerator.MaxUsers);
            scenario.Users.Should().OnlyContain(u => u.Devices >= 1 && u.Devices <= FuzzGenerator.MaxInitialDevices);
            scenario.Steps[0].Keyword.Should().Be("register");
        }
    }

    [Test]
    public void Only_the_adversary_profile_replays_or_tampers_and_only_one2one_has_no_groups()
    {
        string[] one2one = [.. Enumerable.Range(1, 60).Select(s => new FuzzGenerator(FuzzProfile.One2One).Generate((ulong)s).Yaml)];
        string[] groups = [.. Enumerable.Range(1, 60).Select(s => new FuzzGenerator(FuzzProfile.Groups).Generate((ulong)s).Yaml)];
        string[] adversary = [.. Enumerable.Range(1, 60).Select(s => new FuzzGenerator(FuzzProfile.Adversary).Generate((ulong)s).Yaml)];
        one2one.Should().NotContain(y => y.Contains("- create_group:", StringComparison.Ordinal) || y.Contains("- tamper", StringComparison.Ordinal));
        groups.Should().Contain(y => y.Contains("- create_group:", StringComparison.Ordinal)).And.NotContain(y => y.Contains("- replay", StringComparison.Ordinal));
        adversary.Should().Contain(y => y.Contains("- replay", StringComparison.Ordinal)).And.Contain(y => y.Contains("- tamper", StringComparison.Ordinal));
        string all = string.Concat(one2one.Concat(groups));
        foreach (string keyword in new[] { "- repeat: ", "- chaos: ", "- hold: ", "- drop: ", "- duplicate: ", "- delay: ", "- advance_clock: 8d", "- restart: ", "- add_device: ", "shuffle: true", "- leave: ", "- remove_members: ", "- add_members: " })
        {
            all.Should().Contain(keyword, "the grammar draws {0} somewhere in 120 scenarios", keyword);
        }
    }

    [Test]
    public void A_profile_name_reads_back_and_an_unknown_one_does_not()
    {
        foreach (FuzzProfile profile in Profiles)
        {
            FuzzProfiles.Parse(profile.Name().ToUpperInvariant()).Should().Be(profile);
        }

        FuzzProfiles.Parse("mls").Should().BeNull();
    }
}
