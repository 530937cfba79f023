using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Reports;

/// <summary>
/// Real runs for the report tests, computed once per test run: the whole catalog's plan (every scenario × every
/// applicable suite of every family it names), where each run that runs is the scenario's real run on its family with the fast ecc suite (or the family's first suite it allows) — its real
/// transcript and diagram — labelled with the planned suite (transcripts agree across suites, see the snapshots); and
/// failing runs of real scenarios.
/// </summary>
internal static class CatalogRuns
{
    private static readonly Lazy<IReadOnlyDictionary<(string Scenario, string Protocol), ScenarioResult>> EccResults = new(() =>
        BuiltInCatalog.Scenarios
            .SelectMany(s => ScenarioRunner.Plan(s).Where(p => p.Skip is null).GroupBy(p => p.Protocol).Select(FirstSuite))
            .AsParallel()
            .Select(p => ScenarioRunner.Run(p))
            .ToDictionary(r => (r.Scenario, r.Protocol)));

    private static readonly Lazy<ScenarioResult> WrongText = new(() =>
        ScenarioRunner.Run(FromCatalogText("01-hello-one2one.yaml", "text: \"hello, bob\" }", "text: \"goodbye, bob\" }", "wrong-text.yaml"), CipherSuite.Ecc));

    /// <summary>Of one protocol family's planned runs, the fast ecc suite's, or the first suite the scenario runs with.</summary>
    private static PlannedRun FirstSuite(IEnumerable<PlannedRun> family) =>
        family.OrderBy(p => p.SuiteName == CipherSuite.Ecc.Name ? 0 : 1).First();

    /// <summary>The whole catalog's plan with real (ecc, or the scenario's first suite) results; every one of them passes.</summary>
    public static RunSummary AllPass() => new(
        [.. BuiltInCatalog.Scenarios.SelectMany(s => ScenarioRunner.Plan(s)).Select(p => p.Skip is null ? EccResults.Value[(p.Scenario.Name, p.Protocol)] with { Suite = p.SuiteName } : ScenarioRunner.Run(p))],
        Seed: null,
        Started: new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero),
        Duration: TimeSpan.FromSeconds(38));

    /// <summary>A real failure: hello-one2one from a user's file, expecting a text Alice did not send.</summary>
    public static ScenarioResult FailingHello() => WrongText.Value;

    /// <summary>The real group-100-members run (1,300 events, 101 participants) marked as failed at its last step, standing for a large failure.</summary>
    public static ScenarioResult FailingLargeGroup() => EccResults.Value[("group-100-members", Scenario.DefaultProtocol)] with
    {
        Outcome = ScenarioOutcome.Fail,
        FailedStep = "step 8 (line 112): expect",
        Reason = "expected m99/1 to be in 2 groups, found 1 (a stand-in failure on a real large run)",
    };

    /// <summary>A real ecc result of one catalog scenario.</summary>
    public static ScenarioResult Passed(string scenario) => EccResults.Value[(scenario, Scenario.DefaultProtocol)];

    private static Scenario FromCatalogText(string fileName, string find, string replace, string path)
    {
        string text = BuiltInCatalog.Text(fileName);
        text.Should().Contain(find);
        return ScenarioLoader.Parse(text.Replace(find, replace, StringComparison.Ordinal).Replace("name: hello-one2one", "name: hello-wrong-text", StringComparison.Ordinal), path);
    }
}
