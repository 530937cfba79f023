using System.Net;
using System.Text;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Reports;

/// <summary>
/// One run of the HTML report, as a &lt;section class="run …"&gt; carrying the run's anchor: in <see cref="Full"/> its
/// facts, the sequence diagram (inline SVG, capped for large runs), the Mermaid source and the whole transcript; in
/// <see cref="Brief"/> one line of facts and counts, the description and the replay command. Both link back to the top.
/// </summary>
internal static class HtmlRunSection
{
    /// <summary>
    /// The run in full; with <paramref name="folded"/> the diagram and transcript sit in a closed &lt;details&gt;
    /// (passed runs of an <see cref="HtmlDetail.AllRuns"/> report).
    /// </summary>
    public static void Full(StringBuilder html, ScenarioResult result, string anchor, bool folded)
    {
        Header(html, result, anchor, "full");
        html.Append("<dl>\n");
        Field(html, "Outcome", ReportFormat.Word(result.Outcome));
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

        Facts(html, result);
        html.Append("</dl>\n");
        if (folded)
        {
            html.Append("<details class=\"detail\"><summary>Sequence diagram and transcript</summary>\n");
        }

        html.Append("<h4>Sequence diagram</h4>\n<div class=\"diagram\">\n").Append(SvgSequenceDiagram.Render(result.Diagram, Failure(result)))
            .Append("\n</div>\n<details class=\"mermaid-source\"><summary>Mermaid source</summary>\n<pre class=\"mermaid\">")
            .Append(H(MermaidSequence.Render(result))).Append("</pre>\n</details>\n<h4>Transcript (")
            .Append(DiagramParticipants.Number(ReportFormat.LineCount(result.Transcript))).Append(" lines)</h4>\n<pre class=\"transcript\">")
            .Append(H(result.Transcript)).Append("</pre>\n");
        if (folded)
        {
            html.Append("</details>\n");
        }

        html.Append("</section>\n");
    }

    /// <summary>The run's summary: facts and counts on one line, the description, and the replay command (or the reason it did not run).</summary>
    public static void Brief(StringBuilder html, ScenarioResult result, string anchor)
    {
        Header(html, result, anchor, "brief");
        bool ran = result.Outcome is ScenarioOutcome.Pass or ScenarioOutcome.Fail;
        html.Append("<p class=\"facts\">seed ").Append(ReportFormat.Seed(result.Seed));
        if (ran)
        {
            html.Append(" · ").Append(ReportFormat.Seconds(result.Duration)).Append(" s · ").Append(H(Counts(result)));
        }

        if (result.Tags.Count > 0)
        {
            html.Append(" · tags: ").Append(H(string.Join(", ", result.Tags)));
        }

        if (result.SourceFile.Length > 0)
        {
            html.Append(" · ").Append(H(result.SourceFile));
        }

        html.Append("</p>\n");
        if (result.Description.Length > 0)
        {
            html.Append("<p class=\"desc\">").Append(H(result.Description)).Append("</p>\n");
        }

        if (!ran)
        {
            html.Append("<p class=\"desc\">Not run: ").Append(H(result.Reason)).Append("</p>\n");
        }
        else
        {
            html.Append("<p>replay: <code class=\"replay\">").Append(H(ReplayCommand.For(result))).Append("</code></p>\n");
        }

        html.Append("</section>\n");
    }

    /// <summary>"1,234 events (2 faults), 101 participants, 3,456 transcript lines".</summary>
    public static string Counts(ScenarioResult result)
    {
        int faults = result.Diagram.Count(e => e.Kind == DiagramEventKind.Fault);
        int participants = result.Diagram
            .SelectMany(e => e.Kind == DiagramEventKind.Note ? [DiagramParticipants.NoteOver(e)] : new[] { DiagramParticipants.FromOf(e), DiagramParticipants.ToOf(e) })
            .Distinct(StringComparer.Ordinal).Count();
        string faultText = faults > 0 ? $" ({Plural(faults, "fault")})" : "";
        return $"{Plural(result.Diagram.Count, "event")}{faultText}, {Plural(participants, "participant")}, "
            + Plural(ReportFormat.LineCount(result.Transcript), "transcript line");
    }

    private static string Plural(int count, string noun) => $"{DiagramParticipants.Number(count)} {noun}{(count == 1 ? "" : "s")}";

    /// <summary>What the diagram's last band says for a failed run ("✗ FAIL at step 6 (line 14): expect: …"), else null.</summary>
    private static string? Failure(ScenarioResult result) =>
        result.Outcome == ScenarioOutcome.Fail ? $"✗ FAIL at {result.FailedStep}: {ReportFormat.OneLine(result.Reason)}" : null;

    private static void Header(StringBuilder html, ScenarioResult result, string anchor, string kind)
    {
        string word = ReportFormat.Word(result.Outcome);
        bool failed = result.Outcome == ScenarioOutcome.Fail;
        html.Append("<section class=\"run ").Append(kind).Append(" o-").Append(word).Append("\" id=\"").Append(H(anchor)).Append("\">\n<h3><span class=\"badge ")
            .Append(word).Append("\">").Append(failed ? "FAIL" : word).Append("</span><a href=\"#").Append(H(anchor)).Append("\">")
            .Append(H(result.Scenario)).Append(" × ").Append(H(ReportFormat.Column(result))).Append("</a><a class=\"top\" href=\"#top\">↑ top</a></h3>\n");
    }

    private static void Facts(StringBuilder html, ScenarioResult result)
    {
        if (result.Description.Length > 0)
        {
            Field(html, "Description", result.Description);
        }

        if (result.Tags.Count > 0)
        {
            Field(html, "Tags", string.Join(", ", result.Tags));
        }

        if (result.SourceFile.Length > 0)
        {
            Field(html, "File", result.SourceFile);
        }

        if (result.Outcome is ScenarioOutcome.Pass or ScenarioOutcome.Fail)
        {
            Field(html, "Counts", Counts(result));
            html.Append("<dt>Replay</dt><dd><code class=\"replay\">").Append(H(ReplayCommand.For(result))).Append("</code></dd>\n");
        }
    }

    private static void Field(StringBuilder html, string name, string value) =>
        html.Append("<dt>").Append(name).Append("</dt><dd>").Append(H(value)).Append("</dd>\n");

    private static string H(string text) => WebUtility.HtmlEncode(text);
}
