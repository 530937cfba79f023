using System.Net;
using System.Text;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Reports;

/// <summary>
/// One self-contained HTML page for a run (inline CSS; no script, stylesheet, font or image fetched from anywhere),
/// from the top: the totals and links to the sections; a table of the failures (each linking to its run); the
/// scenario × suite matrix, scenarios with a failure first, its colored cells linking to each run's section
/// (<c>#run-&lt;scenario&gt;-&lt;suite&gt;</c>); the failed runs in full (<see cref="HtmlRunSection.Full"/>); then every
/// other run — as a summary with its replay command by default, in full with <see cref="HtmlDetail.AllRuns"/>. Every
/// section links back to the top. Every text is HTML-escaped; the same input gives the same page.
/// </summary>
public static class HtmlReport
{
    /// <summary>How many characters of a failure's reason the failures table shows (the whole reason is the cell's title and in the run's section).</summary>
    public const int ReasonPreviewChars = 240;

    /// <summary>The page, with <see cref="HtmlDetail.FailedRuns"/>.</summary>
    public static string Render(RunSummary summary) => Render(summary, HtmlDetail.FailedRuns);

    /// <summary>The page, showing runs in as much detail as <paramref name="detail"/> asks.</summary>
    public static string Render(RunSummary summary, HtmlDetail detail)
    {
        ArgumentNullException.ThrowIfNull(summary);
        IReadOnlyList<string> anchors = Anchors(summary.Results);
        Dictionary<ScenarioResult, string> anchorOf = new(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < summary.Results.Count; i++)
        {
            anchorOf[summary.Results[i]] = anchors[i];
        }

        List<ScenarioResult> failed = [.. summary.Results.Where(r => r.Outcome == ScenarioOutcome.Fail)];
        List<ScenarioResult> others = [.. summary.Results.Where(r => r.Outcome != ScenarioOutcome.Fail)];
        StringBuilder html = new();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>E2EE conformance report</title>\n<style>\n").Append(HtmlStyle.Css).Append("\n</style>\n</head>\n<body>\n");
        Summary(html, summary, failed.Count);
        Failures(html, failed, anchorOf);
        Matrix(html, new RunMatrix(summary.Results), failed, anchorOf);
        if (failed.Count > 0)
        {
            html.Append("<h2 id=\"failed-runs\">Failed runs</h2>\n");
            foreach (ScenarioResult result in failed)
            {
                HtmlRunSection.Full(html, result, anchorOf[result], folded: false);
            }
        }

        html.Append("<h2 id=\"runs\">").Append(failed.Count > 0 ? "Other runs" : "Runs").Append("</h2>\n");
        if (detail == HtmlDetail.FailedRuns && others.Count > 0)
        {
            html.Append("<p class=\"meta\">Summaries only; <code>run --transcripts</code> puts every run's diagram and transcript here, and each replay command prints one run's transcript.</p>\n");
        }

        foreach (ScenarioResult result in others)
        {
            if (detail == HtmlDetail.AllRuns && result.Outcome == ScenarioOutcome.Pass)
            {
                HtmlRunSection.Full(html, result, anchorOf[result], folded: true);
            }
            else
            {
                HtmlRunSection.Brief(html, result, anchorOf[result]);
            }
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>
    /// The anchor of each run's section, in order: "run-&lt;scenario&gt;-&lt;suite&gt;" with characters other than
    /// letters, digits, '.', '_' and '-' replaced by '_'; a pair that ran more than once gets "-2", "-3", ….
    /// </summary>
    public static IReadOnlyList<string> Anchors(IReadOnlyList<ScenarioResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        HashSet<string> used = new(StringComparer.Ordinal);
        List<string> anchors = new(results.Count);
        foreach (ScenarioResult result in results)
        {
            string anchor = $"run-{Slug(result.Scenario)}-{Slug(ReportFormat.Column(result))}";
            string unique = anchor;
            for (int n = 2; !used.Add(unique); n++)
            {
                unique = $"{anchor}-{ReportFormat.Count(n)}";
            }

            anchors.Add(unique);
        }

        return anchors;
    }

    private static void Summary(StringBuilder html, RunSummary summary, int failures)
    {
        html.Append("<header id=\"top\">\n<h1>E2EE conformance report</h1>\n<p class=\"meta\">Started ").Append(H(ReportFormat.Started(summary.Started)))
            .Append(", wall time ").Append(H(ReportFormat.Seconds(summary.Duration))).Append(" s, seed ")
            .Append(H(ReportFormat.Seed(summary.Seed))).Append(".</p>\n<table class=\"totals\">\n<tr><th>Outcome</th><th>Runs</th></tr>\n");
        foreach (ScenarioOutcome outcome in ReportFormat.Outcomes)
        {
            string word = ReportFormat.Word(outcome);
            html.Append("<tr><td class=\"").Append(word).Append("\">").Append(word).Append("</td><td>")
                .Append(ReportFormat.Count(summary.Count(outcome))).Append("</td></tr>\n");
        }

        html.Append("<tr><th>total</th><th>").Append(ReportFormat.Count(summary.Results.Count)).Append("</th></tr>\n</table>\n");
        Families(html, summary.Results);
        html.Append("<nav class=\"jump\">")
            .Append(failures > 0 ? $"<a href=\"#failures\">Failures ({ReportFormat.Count(failures)})</a>" : string.Empty)
            .Append("<a href=\"#matrix\">Matrix</a>")
            .Append(failures > 0 ? "<a href=\"#failed-runs\">Failed runs</a>" : string.Empty)
            .Append("<a href=\"#runs\">").Append(failures > 0 ? "Other runs" : "Runs").Append("</a></nav>\n</header>\n");
    }

    /// <summary>The family axis (docs/PROTOCOL-FAMILIES.md) when the run covers more than one family.</summary>
    private static void Families(StringBuilder html, IReadOnlyList<ScenarioResult> results)
    {
        if (FamilyTotals.Of(results) is not { } totals)
        {
            return;
        }

        html.Append("<table class=\"totals families\">\n<tr><th>Family</th>");
        foreach (ScenarioOutcome outcome in ReportFormat.Outcomes)
        {
            html.Append("<th>").Append(ReportFormat.Word(outcome)).Append("</th>");
        }

        html.Append("<th>Scenarios</th></tr>\n");
        foreach ((string family, IReadOnlyList<int> runs, int scenarios) in totals.Families)
        {
            html.Append("<tr><td>").Append(H(family)).Append("</td>");
            foreach (int count in runs)
            {
                html.Append("<td>").Append(ReportFormat.Count(count)).Append("</td>");
            }

            html.Append("<td>").Append(ReportFormat.Count(scenarios)).Append("</td></tr>\n");
        }

        html.Append("</table>\n<p class=\"meta\">").Append(H(totals.SharedSentence)).Append("</p>\n");
    }

    private static void Failures(StringBuilder html, IReadOnlyList<ScenarioResult> failed, Dictionary<ScenarioResult, string> anchorOf)
    {
        if (failed.Count == 0)
        {
            return;
        }

        html.Append("<h2 id=\"failures\">Failures</h2>\n<table class=\"failures\">\n<tr><th>Run</th><th>Step</th><th>Reason</th></tr>\n");
        foreach (ScenarioResult result in failed)
        {
            string reason = ReportFormat.OneLine(result.Reason);
            string preview = reason.Length > ReasonPreviewChars ? string.Concat(reason.AsSpan(0, ReasonPreviewChars - 1), "…") : reason;
            html.Append("<tr><td class=\"run\"><a href=\"#").Append(H(anchorOf[result])).Append("\">").Append(H(result.Scenario)).Append(" × ")
                .Append(H(ReportFormat.Column(result))).Append("</a></td><td class=\"step\">").Append(H(result.FailedStep)).Append("</td><td class=\"reason\" title=\"")
                .Append(H(reason)).Append("\">").Append(H(preview)).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void Matrix(StringBuilder html, RunMatrix matrix, IReadOnlyList<ScenarioResult> failed, Dictionary<ScenarioResult, string> anchorOf)
    {
        html.Append("<h2 id=\"matrix\">Matrix</h2>\n<table class=\"matrix\">\n<tr><th>Scenario</th>");
        foreach (string suite in matrix.Suites)
        {
            html.Append("<th>").Append(H(suite)).Append("</th>");
        }

        html.Append("</tr>\n");
        HashSet<string> failing = new(failed.Select(r => r.Scenario), StringComparer.Ordinal);
        foreach (string scenario in matrix.Scenarios.Where(failing.Contains).Concat(matrix.Scenarios.Where(s => !failing.Contains(s))))
        {
            html.Append("<tr><th class=\"scenario\">").Append(H(scenario)).Append("</th>");
            foreach (string suite in matrix.Suites)
            {
                if (matrix.Cell(scenario, suite) is { } result)
                {
                    string word = ReportFormat.Word(result.Outcome);
                    string text = result.Outcome == ScenarioOutcome.Fail ? "FAIL" : word;
                    string title = result.Reason.Length > 0 ? $" title=\"{H(ReportFormat.OneLine(result.Reason))}\"" : string.Empty;
                    html.Append("<td class=\"cell ").Append(word).Append("\"><a href=\"#").Append(H(anchorOf[result]))
                        .Append('"').Append(title).Append('>').Append(text).Append("</a></td>");
                }
                else
                {
                    html.Append("<td class=\"cell none\" title=\"not run with this suite\"><span>").Append(MarkdownReport.NotRunCell).Append("</span></td>");
                }
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>\n");
    }

    private static string Slug(string name)
    {
        StringBuilder slug = new(name.Length);
        foreach (char c in name)
        {
            slug.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_');
        }

        return slug.ToString();
    }

    private static string H(string text) => WebUtility.HtmlEncode(text);
}
