using E2eeConformance.Scenarios.Reports;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Reports;

[TestFixture]
public sealed class ReplayCommandTests
{
    private static ScenarioResult Run(string file) => ReportSamples.Result("hello-one2one", "ecc", ScenarioOutcome.Pass, 1) with { SourceFile = file, Seed = 20261125 };

    [Test]
    public void A_catalog_run_is_replayed_by_name()
    {
        ReplayCommand.For(Run("src/Scenarios/Catalog/01-hello-one2one.yaml"))
            .Should().Be("e2ee-conformance replay --scenario hello-one2one --suite ecc --seed 20261125");
    }

    [Test]
    public void A_file_run_is_replayed_from_its_file_and_odd_paths_are_quoted()
    {
        ReplayCommand.For(Run("attacks/it's here.yaml"))
            .Should().Be("e2ee-conformance replay --file 'attacks/it'\\''s here.yaml' --scenario hello-one2one --suite ecc --seed 20261125");
        ReplayCommand.For(Run("src/Scenarios/Catalog/not-in-the-catalog.yaml")).Should().Contain("--file src/Scenarios/Catalog/not-in-the-catalog.yaml");
    }

    [Test]
    public void A_run_built_in_csharp_has_no_file()
    {
        ReplayCommand.For(Run("")).Should().NotContain("--file");
    }
}
