using System.Net;
using System.Text;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Reports;

/// <summary>
/// One self-contained HTML page for a run (inline CSS; no script, stylesheet, font or image fetched from anywhere):
/// the totals, the scenario × suite matrix with colored cells linking to each run's section
/// (<c>#run-&lt;scenario&gt;-&lt;suite&gt;</c>), and per run a &lt;details&gt; section — open for failures — with
/// outcome, seed, duration, step and reason, the sequence diagram as inline SVG (<see cref="SvgSequenceDiagram"/>),
/// its Mermaid source, and the transcript. Every text is HTML-escaped; the same input gives the same page.
/// </summary>
public static class HtmlReport
{
    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5em; color: #1f2328; }
        h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; } h4 { margin: 1em 0 .3em; }
        table { border-collapse: collapse; } th, td { border: 1px solid #d0d7de; padding: .3em .7em; }
        th { background: #f6f8fa; text-align: left; } td.cell { text-align: center; }
        td a { color: inherit; text-decoration: none; display: block; }
        .pass { background: #d3f5d6; } .fail { background: #fbc9c9; font-weight: bold; }
        .unimplemented { background: #fdeab5; } .disabled { background: #e4e4e4; } .none { color: #8c959f; }
        .totals td:last-child { text-align: right; }
        section.run { margin: .4em 0; } section.run:target > details { outline: 2px solid #4a6fb5; }
        details > summary { cursor: pointer; padding: .2em .4em; }
        .badge { display: inline-block; min-width: 7em; text-align: center; border-radius: 3px; padding: 0 .4em; margin-right: .5em; }
        dl { display: grid; grid-template-columns: max-content auto; gap: .2em 1em; margin: .5em 1em; }
        dt { font-weight: bold; } dd { margin: 0; }
        pre { background: #f6f8fa; border: 1px solid #d0d7de; padding: .5em; overflow: auto; max-height: 32em; margin: .3em 1em; }
        dd pre { margin: 0; }
        .diagram { overflow-x: auto; margin: 0 1em; }
        """;

    /// <summary>The page.</summary>
    public static string Render(RunSummary summary)
    {
        IReadOnlyList<string> anchors = Anchors(summary.Results);
        Dictionary<ScenarioResult, string> anchorOf = new(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < summary.Results.Count; i++)
        {
            anchorOf[summary.Results[i]] = anchors[i];
        }

        StringBuilder html = new();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>E2EE conformance report</title>\n<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n");
        Summary(html, summary);
        Matrix(html, new RunMatrix(summary.Results), anchorOf);
        html.Append("<h2>Runs</h2>\n");
        for (int i = 0; i < summary.Results.Count; i++)
        {
            Run(html, summary.Results[i], anchors[i]);
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
        HashSet<string> used = new(StringComparer.Ordinal);
        List<string> anchors = new(results.Count);
        foreach (ScenarioResult result in results)
        {
            string anchor = $"run-{Slug(result.Scenario)}-{Slug(result.Suite)}";
            string unique = anchor;
            for (int n = 2; !used.Add(unique); n++)
            {
                unique = $"{anchor}-{ReportFormat.Count(n)}";
            }

            anchors.Add(unique);
        }

        return anchors;
    }

    private static void Summary(StringBuilder html, RunSummary summary)
    {
        html.Append("<h1>E2EE conformance report</h1>\n<p>Started ").Append(H(ReportFormat.Started(summary.Started)))
            .Append(", wall time ").Append(H(ReportFormat.Seconds(summary.Duration))).Append(" s, seed ")
            .Append(H(ReportFormat.Seed(summary.Seed))).Append(".</p>\n<table class=\"totals\">\n<tr><th>Outcome</th><th>Runs</th></tr>\n");
        foreach (ScenarioOutcome outcome in ReportFormat.Outcomes)
        {
            string word = ReportFormat.Word(outcome);
            html.Append("<tr><td class=\"").Append(word).Append("\">").Append(word).Append("</td><td>")
                .Append(ReportFormat.Count(summary.Count(outcome))).Append("</td></tr>\n");
        }

        html.Append("<tr><th>total</th><th>").Append(ReportFormat.Count(summary.Results.Count)).Append("</th></tr>\n</table>\n");
    }

    private static void Matrix(StringBuilder html, RunMatrix matrix, Dictionary<ScenarioResult, string> anchorOf)
    {
        html.Append("<h2>Matrix</h2>\n<table class=\"matrix\">\n<tr><th>Scenario</th>");
        foreach (string suite in matrix.Suites)
        {
            html.Append("<th>").Append(H(suite)).Append("</th>");
        }

        html.Append("</tr>\n");
        foreach (string scenario in matrix.Scenarios)
        {
            html.Append("<tr><th>").Append(H(scenario)).Append("</th>");
            foreach (string suite in matrix.Suites)
            {
                if (matrix.Cell(scenario, suite) is { } result)
                {
                    string word = ReportFormat.Word(result.Outcome);
                    string text = result.Outcome == ScenarioOutcome.Fail ? "FAIL" : word;
                    string title = result.Reason.Length > 0 ? $" title=\"{H(result.Reason)}\"" : string.Empty;
                    html.Append("<td class=\"cell ").Append(word).Append("\"><a href=\"#").Append(H(anchorOf[result]))
                        .Append('"').Append(title).Append('>').Append(text).Append("</a></td>");
                }
                else
                {
                    html.Append("<td class=\"cell none\">").Append(MarkdownReport.NotRunCell).Append("</td>");
                }
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void Run(StringBuilder html, ScenarioResult result, string anchor)
    {
        string word = ReportFormat.Word(result.Outcome);
        bool failed = result.Outcome == ScenarioOutcome.Fail;
        html.Append("<section class=\"run\" id=\"").Append(H(anchor)).Append("\">\n<details").Append(failed ? " open" : string.Empty)
            .Append(">\n<summary><span class=\"badge ").Append(word).Append("\">").Append(failed ? "FAIL" : word).Append("</span>")
            .Append(H(result.Scenario)).Append(" × ").Append(H(result.Suite)).Append("</summary>\n<dl>\n");
        Field(html, "Outcome", word);
        Field(html, "Seed", ReportFormat.Seed(result.Seed));
        Field(html, "Duration", $"{ReportFormat.Seconds(result.Duration)} s");
        if (result.FailedStep.Length > 0)
        {
            Field(html, "Step", result.FailedStep);
        }

        if (result.Reason.Length > 0)
        {
            html.Append("<dt>Reason</dt><dd><pre class=\"reason\">").Append(H(result.Reason)).Append("</pre></dd>\n");
        }

        if (result.Description.Length > 0)
        {
            Field(html, "Description", result.Description);
        }

        if (result.Tags.Count > 0)
        {
            Field(html, "Tags", string.Join(", ", result.Tags));
        }

        html.Append("</dl>\n<h4>Sequence diagram</h4>\n<div class=\"diagram\">\n").Append(SvgSequenceDiagram.Render(result.Diagram))
            .Append("\n</div>\n<details class=\"mermaid-source\"><summary>Mermaid source</summary>\n<pre class=\"mermaid\">")
            .Append(H(MermaidSequence.Render(result))).Append("</pre>\n</details>\n<h4>Transcript</h4>\n<pre class=\"transcript\">")
            .Append(H(result.Transcript)).Append("</pre>\n</details>\n</section>\n");
    }

    private static void Field(StringBuilder html, string name, string value) =>
        html.Append("<dt>").Append(name).Append("</dt><dd>").Append(H(value)).Append("</dd>\n");

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
