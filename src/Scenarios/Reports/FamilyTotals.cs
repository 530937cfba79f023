using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Reports;

/// <summary>
/// The family axis of a run (docs/PROTOCOL-FAMILIES.md), as the Markdown and HTML summaries show it: per protocol
/// family the runs per outcome and its scenarios, and how many scenarios ran on more than one family.
/// </summary>
/// <param name="Families">Each family in first-appearance order: its name, its runs per outcome (<see cref="ReportFormat.Outcomes"/> order) and its scenarios.</param>
/// <param name="Shared">The scenarios that ran on more than one family.</param>
internal sealed record FamilyTotals(IReadOnlyList<(string Family, IReadOnlyList<int> Runs, int Scenarios)> Families, int Shared)
{
    /// <summary>The totals of <paramref name="results"/>, or null when they are of one family only (no axis to show).</summary>
    public static FamilyTotals? Of(IReadOnlyList<ScenarioResult> results)
    {
        List<IGrouping<string, ScenarioResult>> families = [.. results.GroupBy(r => r.Protocol, StringComparer.Ordinal)];
        if (families.Count < 2)
        {
            return null;
        }

        int shared = results.GroupBy(r => r.Scenario, StringComparer.Ordinal).Count(g => g.Select(r => r.Protocol).Distinct(StringComparer.Ordinal).Count() > 1);
        return new FamilyTotals(
            [.. families.Select(f => (f.Key, (IReadOnlyList<int>)[.. ReportFormat.Outcomes.Select(o => f.Count(r => r.Outcome == o))], f.Select(r => r.Scenario).Distinct(StringComparer.Ordinal).Count()))],
            shared);
    }

    /// <summary>The sentence under the table.</summary>
    public string SharedSentence => $"{ReportFormat.Count(Shared)} scenario(s) ran on more than one family: their rows compare the designs side by side.";
}
