using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios;
using E2eeConformance.Scenarios.Conformance;
using E2eeConformance.Scenarios.Implementations;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Adapter.Tests;

/// <summary>
/// The deviant shim (implementations/deviant.json: our engine's shim with the C reference's deviations switched on,
/// docs/IMPLEMENTATIONS.md): the catalog must fail exactly the scenarios its config lists under its deviations, each
/// failure naming the deviation, and its conformance report must name each deviated behaviour. CI runs every listed
/// scenario and a sample of the others with ECC; the whole catalog is the opt-in category <c>Shim</c>.
/// </summary>
public sealed class DeviantShimTests
{
    private static readonly string[] PassingSample = ["hello-one2one", "skipped-keys-gap-then-fill", "burst-reordered", "group-basic"];

    private static readonly Lazy<DeviceImplementation> Deviant = new(() =>
        ImplementationCatalog.Resolve("deviant", AppContext.BaseDirectory, AppContext.BaseDirectory)!);

    private static readonly Lazy<IReadOnlyList<ScenarioResult>> ListedRuns = new(() => [.. Listed().Select(Run)]);

    [Test]
    public void Every_scenario_listed_under_a_deviation_fails_and_names_it()
    {
        foreach (ScenarioResult result in ListedRuns.Value)
        {
            result.Outcome.Should().Be(ScenarioOutcome.Fail, $"{result.Scenario} is listed under a deviation of the deviant shim");
            foreach (KnownDeviation deviation in Deviant.Value.DeviationsShownBy(result.Scenario))
            {
                result.Reason.Should().Contain($"known deviation of deviant: {deviation.Name}", result.Scenario);
            }
        }
    }

    [TestCaseSource(nameof(PassingSample))]
    public void A_scenario_no_deviation_lists_passes(string name)
    {
        Listed().Should().NotContain(name);

        ScenarioResult result = Run(name);

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
    }

    [Test]
    public void Its_conformance_report_names_each_deviated_behaviour_and_the_deviation()
    {
        ImplementationConformance report = ImplementationConformance.Judge(ListedRuns.Value, BehaviourCatalog.All).Should().ContainSingle().Subject;

        report.Implementation.Should().Be("deviant");
        foreach (KnownDeviation deviation in Deviant.Value.Deviations)
        {
            BehaviourVerdict verdict = report.Behaviours.Single(b => b.Behaviour.Id == deviation.Behaviour);
            verdict.Verdict.Should().Be(Verdict.Deviates, deviation.Name);
            verdict.Evidence.SelectMany(e => e.KnownDeviations).Should().Contain(k => k.Contains(deviation.Name, StringComparison.Ordinal));
        }

        report.Unclaimed.Should().BeEmpty();
        ConformanceMarkdown.Render([report]).Should().Contain("no-chain-limit").And.Contain("phantom-skipped-keys")
            .And.Contain("unbounded-skipped-keys").And.Contain("group-out-of-order-dropped");
    }

    [Test]
    [Category("Shim")]
    [Explicit("the whole catalog through the deviant shim (about 6.5 min): dotnet test tests/Adapter.Tests --filter TestCategory=Shim")]
    public void The_catalog_fails_exactly_the_listed_scenarios()
    {
        List<ScenarioResult> results = [.. BuiltInCatalog.Scenarios.SelectMany(s => ScenarioRunner.Plan(s, [CipherSuite.Ecc.Name])).Where(p => p.Skip is null).Select(p => Run(p.Scenario.Name))];

        results.Where(r => r.Outcome == ScenarioOutcome.Fail).Select(r => r.Scenario).Should().BeEquivalentTo(Listed());
    }

    private static IEnumerable<string> Listed() => Deviant.Value.Deviations.SelectMany(d => d.Scenarios).Distinct(StringComparer.Ordinal);

    private static ScenarioResult Run(string name) =>
        ScenarioRunner.Run(BuiltInCatalog.Find(name)!, CipherSuite.Ecc, null, ImplementationAssignment.Every(Deviant.Value));
}
