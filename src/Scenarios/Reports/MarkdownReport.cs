using System.Text;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Reports;

/// <summary>
/// A Markdown summary of a run (for a CI job summary or a PR comment): totals per outcome, wall time and seed; the
/// scenario × suite matrix; each failure with its seed, step, reason and Mermaid sequence diagram; and the runs that
/// did not run (unimplemented, disabled), grouped by reason.
/// </summary>
public static class MarkdownReport
{
    /// <summary>What a matrix cell shows for a scenario that did not run with a suite.</summary>
    public const string NotRunCell = "–";

    /// <summary>The report, lines separated by "\n".</summary>
    public static string Render(RunSummary summary)
    {
        StringBuilder md = new();
        Header(md, summary);
        Families(md, summary.Results);
        Matrix(md, new RunMatrix(summary.Results));
        Failures(md, summary.Results.Where(r => r.Outcome == ScenarioOutcome.Fail).ToList());
        NotRun(md, summary.Results.Where(r => r.Outcome is ScenarioOutcome.Unimplemented or ScenarioOutcome.Disabled).ToList());
        return md.ToString();
    }

    /// <summary>What a matrix cell shows for an outcome.</summary>
    public static string Cell(ScenarioOutcome outcome) => outcome == ScenarioOutcome.Fail ? "**FAIL**" : ReportFormat.Word(outcome);

    /// <summary>Text safe in a table cell: on one line, with "|" escaped.</summary>
    public static string EscapeCell(string text) => ReportFormat.OneLine(text).Replace("|", "\\|", StringComparison.Ordinal);

    private static void Header(StringBuilder md, RunSummary summary)
    {
        md.Append("# E2EE conformance run\n\n");
        md.Append("Started ").Append(ReportFormat.Started(summary.Started))
            .Append(", wall time ").Append(ReportFormat.Seconds(summary.Duration)).Append(" s")
            .Append(", seed ").Append(ReportFormat.Seed(summary.Seed)).Append(".\n\n");
        md.Append("| Outcome | Runs |\n|---|---:|\n");
        foreach (ScenarioOutcome outcome in ReportFormat.Outcomes)
        {
            md.Append("| ").Append(ReportFormat.Word(outcome)).Append(" | ").Append(ReportFormat.Count(summary.Count(outcome))).Append(" |\n");
        }

        md.Append("| **total** | **").Append(ReportFormat.Count(summary.Results.Count)).Append("** |\n\n");
    }

    /// <summary>
    /// The family axis (docs/PROTOCOL-FAMILIES.md): runs per protocol family and outcome, and how many scenarios ran on
    /// more than one family (shared scenarios). Only when the run covers more than one family.
    /// </summary>
    private static void Families(StringBuilder md, IReadOnlyList<ScenarioResult> results)
    {
        if (FamilyTotals.Of(results) is not { } totals)
        {
            return;
        }

        md.Append("## Protocol families\n\n| Family |");
        foreach (ScenarioOutcome outcome in ReportFormat.Outcomes)
        {
            md.Append(' ').Append(ReportFormat.Word(outcome)).Append(" |");
        }

        md.Append(" Scenarios |\n|---|").Append(string.Concat(Enumerable.Repeat("---:|", ReportFormat.Outcomes.Count + 1))).Append('\n');
        foreach ((string family, IReadOnlyList<int> runs, int scenarios) in totals.Families)
        {
            md.Append("| ").Append(EscapeCell(family)).Append(" |");
            foreach (int count in runs)
            {
                md.Append(' ').Append(ReportFormat.Count(count)).Append(" |");
            }

            md.Append(' ').Append(ReportFormat.Count(scenarios)).Append(" |\n");
        }

        md.Append('\n').Append(totals.SharedSentence).Append("\n\n");
    }

    private static void Matrix(StringBuilder md, RunMatrix matrix)
    {
        md.Append("## Matrix\n\n| Scenario |");
        foreach (string suite in matrix.Suites)
        {
            md.Append(' ').Append(EscapeCell(suite)).Append(" |");
        }

        md.Append("\n|---|");
        md.Append(string.Concat(Enumerable.Repeat(":---:|", matrix.Suites.Count))).Append('\n');
        foreach (string scenario in matrix.Scenarios)
        {
            md.Append("| ").Append(EscapeCell(scenario)).Append(" |");
            foreach (string suite in matrix.Suites)
            {
                ScenarioResult? result = matrix.Cell(scenario, suite);
                md.Append(' ').Append(result is null ? NotRunCell : Cell(result.Outcome)).Append(" |");
            }

            md.Append('\n');
        }

        md.Append('\n');
    }

    private static void Failures(StringBuilder md, IReadOnlyList<ScenarioResult> failures)
    {
        if (failures.Count == 0)
        {
            return;
        }

        md.Append("## Failures\n\n");
        foreach (ScenarioResult failure in failures)
        {
            md.Append("### ").Append(Inline(failure.Scenario)).Append(" × ").Append(Inline(ReportFormat.Column(failure))).Append("\n\n");
            md.Append("- seed: `").Append(ReportFormat.Seed(failure.Seed)).Append("`\n");
            md.Append("- step: ").Append(Inline(failure.FailedStep.Length > 0 ? failure.FailedStep : "(none)")).Append('\n');
            md.Append("- reason:\n\n");
            CodeBlock(md, "text", failure.Reason);
            CodeBlock(md, "mermaid", MermaidSequence.Render(failure));
        }
    }

    private static void NotRun(StringBuilder md, IReadOnlyList<ScenarioResult> notRun)
    {
        if (notRun.Count == 0)
        {
            return;
        }

        md.Append("## Not run\n\n");
        foreach (IGrouping<(ScenarioOutcome Outcome, string Reason), ScenarioResult> group in notRun.GroupBy(r => (r.Outcome, r.Reason)))
        {
            md.Append("- ").Append(ReportFormat.Word(group.Key.Outcome)).Append(": ")
                .Append(Inline(group.Key.Reason.Length > 0 ? group.Key.Reason : "(no reason given)")).Append(" — ")
                .AppendJoin(", ", group.Select(r => $"{Inline(r.Scenario)} × {Inline(ReportFormat.Column(r))}")).Append('\n');
        }

        md.Append('\n');
    }

    /// <summary>Text safe inline: on one line, with Markdown's and HTML's special characters backslash-escaped.</summary>
    private static string Inline(string text)
    {
        StringBuilder escaped = new(text.Length);
        foreach (char c in ReportFormat.OneLine(text))
        {
            if ("\\`*_[]<>#&|~".Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    /// <summary>A fenced code block, its fence longer than any run of backticks in the text.</summary>
    private static void CodeBlock(StringBuilder md, string language, string text)
    {
        int longest = 0;
        int run = 0;
        foreach (char c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        string fence = new('`', Math.Max(3, longest + 1));
        md.Append(fence).Append(language).Append('\n').Append(text.Replace("\r\n", "\n", StringComparison.Ordinal)).Append('\n')
            .Append(fence).Append("\n\n");
    }
}
