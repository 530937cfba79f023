using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Reports;

/// <summary>
/// A run's results as a scenario × suite matrix: scenarios and suites in first-appearance order, and per cell the run
/// to show (the first failing one when a pair ran more than once, else the first). A run of an implementation under
/// test has a column of its own per suite (<see cref="ReportFormat.Column"/>: one per implementation and pairing).
/// </summary>
internal sealed class RunMatrix
{
    private readonly Dictionary<(string Scenario, string Suite), ScenarioResult> _cells = [];

    public RunMatrix(IReadOnlyList<ScenarioResult> results)
    {
        List<string> scenarios = [];
        List<string> suites = [];
        HashSet<string> seenScenarios = new(StringComparer.Ordinal);
        HashSet<string> seenSuites = new(StringComparer.Ordinal);
        foreach (ScenarioResult result in results)
        {
            if (seenScenarios.Add(result.Scenario))
            {
                scenarios.Add(result.Scenario);
            }

            string column = ReportFormat.Column(result);
            if (seenSuites.Add(column))
            {
                suites.Add(column);
            }

            (string, string) key = (result.Scenario, column);
            if (!_cells.TryGetValue(key, out ScenarioResult? shown)
                || (shown.Outcome != ScenarioOutcome.Fail && result.Outcome == ScenarioOutcome.Fail))
            {
                _cells[key] = result;
            }
        }

        Scenarios = scenarios;
        Suites = suites;
    }

    /// <summary>The scenarios (rows), in first-appearance order.</summary>
    public IReadOnlyList<string> Scenarios { get; }

    /// <summary>The cipher suites (columns), in first-appearance order.</summary>
    public IReadOnlyList<string> Suites { get; }

    /// <summary>The run shown in a cell, or null when the scenario did not run with the suite.</summary>
    public ScenarioResult? Cell(string scenario, string suite) => _cells.GetValueOrDefault((scenario, suite));
}
