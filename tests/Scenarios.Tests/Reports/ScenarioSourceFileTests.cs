using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Scenarios.Tests.Reports;

/// <summary>Reports name each run's scenario file: the repository path of a built-in, the user's path of a file.</summary>
[TestFixture]
public sealed class ScenarioSourceFileTests
{
    [Test]
    public void Every_built_in_names_its_file_in_the_repository()
    {
        foreach (Scenario scenario in BuiltInCatalog.Scenarios)
        {
            scenario.SourceFile.Should().StartWith(BuiltInCatalog.SourceDirectory);
            BuiltInCatalog.IsSourcePath(scenario.SourceFile).Should().BeTrue();
            File.Exists(Path.Combine(SharedPaths.RepoRoot, scenario.SourceFile)).Should().BeTrue($"{scenario.SourceFile} is in the repository");
        }
    }

    [Test]
    public void A_loaded_file_names_the_path_it_was_loaded_from_and_its_results_carry_it()
    {
        string path = Path.Combine(Path.GetTempPath(), $"source-file-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllText(path, BuiltInCatalog.Text("01-hello-one2one.yaml"));
            Scenario scenario = ScenarioLoader.LoadFile(path);
            scenario.SourceFile.Should().Be(path);
            BuiltInCatalog.IsSourcePath(path).Should().BeFalse();
            ScenarioRunner.Run(scenario, CipherSuite.Ecc).SourceFile.Should().Be(path);
            ScenarioRunner.Plan(scenario with { Suites = ["made-up-suite"] }).Select(p => ScenarioRunner.Run(p).SourceFile)
                .Should().HaveCount(2, "an unimplemented run on the first family, and the other family's own suite").And.OnlyContain(f => f == path, "a run that does not run names its file too");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void A_scenario_built_in_csharp_has_no_file()
    {
        new ScenarioBuilder("fluent").User("alice").Register("alice").Build().SourceFile.Should().BeEmpty();
    }
}
