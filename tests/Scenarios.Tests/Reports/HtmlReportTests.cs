using System.Text.RegularExpressions;
using E2eeConformance.Scenarios.Reports;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Reports;

[TestFixture]
public sealed class HtmlReportTests
{
    private static string Html(HtmlDetail detail = HtmlDetail.FailedRuns) => HtmlReport.Render(ReportSamples.Summary(), detail);

    private static int Count(string text, string part) => Regex.Matches(text, Regex.Escape(part)).Count;

    private static string Section(string html, string anchor)
    {
        string section = html[html.IndexOf($"id=\"{anchor}\"", StringComparison.Ordinal)..];
        return section[..section.IndexOf("</section>", StringComparison.Ordinal)];
    }

    [Test]
    public void Input_text_is_escaped()
    {
        string html = Html(HtmlDetail.AllRuns);
        html.Should().NotContainEquivalentOf("<script").And.NotContain("<b>");
        html.Should().Contain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
        html.Should().Contain("t45 line &lt;script&gt;");
    }

    [Test]
    public void Nothing_is_fetched_from_the_network()
    {
        foreach (string html in new[] { Html(), Html(HtmlDetail.AllRuns) })
        {
            html.Should().NotContain("src=\"http").And.NotContain("href=\"http");
            html.Should().NotContain("http://").And.NotContain("https://").And.NotContain("<link").And.NotContain("url(").And.NotContain("<script");
        }
    }

    [Test]
    public void Every_run_has_its_anchor_section_and_a_link_back_to_the_top()
    {
        string html = Html();
        html.Should().Contain("<header id=\"top\">");
        Count(html, "<section class=\"run").Should().Be(6);
        Count(html, "<a class=\"top\" href=\"#top\">").Should().Be(6);
        foreach (string anchor in new[] { "run-basic-ecc", "run-basic-pqc", "run-restart-ecc", "run-restart-pqc", "run-offline-ecc", "run-edge_case-ecc" })
        {
            html.Should().Contain($"id=\"{anchor}\"").And.Contain($"href=\"#{anchor}\"");
        }
    }

    [Test]
    public void Only_failed_runs_get_a_diagram_and_transcript_by_default()
    {
        string html = Html();
        Count(html, "<svg").Should().Be(1);
        Count(html, "<pre class=\"transcript\">").Should().Be(1);
        Section(html, "run-basic-pqc").Should().Contain("<svg").And.Contain("<pre class=\"transcript\">");
    }

    [Test]
    public void With_all_runs_every_run_that_ran_gets_its_diagram_and_transcript_folded_unless_it_failed()
    {
        string html = Html(HtmlDetail.AllRuns);
        Count(html, "<svg").Should().Be(3, "two passed runs and one failed run; unimplemented and disabled runs did not run");
        Count(html, "<details class=\"detail\">").Should().Be(2);
        Section(html, "run-basic-pqc").Should().NotContain("<details class=\"detail\">");
        Section(html, "run-basic-ecc").Should().Contain("<details class=\"detail\">").And.Contain("<pre class=\"transcript\">basic ecc start\nbasic ecc end</pre>");
    }

    [Test]
    public void A_failed_run_shows_step_reason_diagram_with_its_failure_mermaid_source_transcript_and_replay()
    {
        string failed = Section(Html(), "run-basic-pqc");
        failed.Should().StartWith("id=\"run-basic-pqc\"");
        failed.Should().Contain("<dt>Seed</dt><dd>7</dd>")
            .And.Contain("<dt>Duration</dt><dd>2.000 s</dd>")
            .And.Contain("<dt>Step</dt><dd>step 7 (line 23): expect received</dd>")
            .And.Contain("<dt>File</dt><dd>my scenarios/basic.yaml</dd>")
            .And.Contain("<pre class=\"mermaid\">sequenceDiagram\n    participant p0 as alice/1")
            .And.Contain("<g class=\"fault\">")
            .And.Contain("<g class=\"failure\">")
            .And.Contain("<h4>Transcript (45 lines)</h4>")
            .And.Contain("e2ee-conformance replay --file &#39;my scenarios/basic.yaml&#39; --scenario basic --suite pqc --seed 7");
    }

    [Test]
    public void A_passed_run_is_a_summary_with_counts_description_tags_and_replay_command()
    {
        Html().Should().Contain("<section class=\"run brief o-pass\" id=\"run-edge_case-ecc\">");
        string passed = Section(Html(), "run-edge_case-ecc");
        passed.Should().Contain("seed 7 · 0.005 s · 0 events, 0 participants, 2 transcript lines · tags: one2one · src/Scenarios/Catalog/01-hello-one2one.yaml")
            .And.Contain("<p class=\"desc\">edge|case description</p>")
            .And.Contain("<code class=\"replay\">e2ee-conformance replay --scenario &#39;edge|case&#39; --suite ecc --seed 7</code>")
            .And.NotContain("<svg").And.NotContain("<pre");
        Section(Html(), "run-restart-pqc").Should().Contain("Not run: SLH-DSA signs too slowly").And.NotContain("replay");
    }

    [Test]
    public void Failures_come_first_in_a_table_in_the_matrix_and_among_the_runs()
    {
        string html = Html();
        html.IndexOf("<h2 id=\"failures\">", StringComparison.Ordinal).Should().BeLessThan(html.IndexOf("<h2 id=\"matrix\">", StringComparison.Ordinal));
        html.Should().Contain("<tr><td class=\"run\"><a href=\"#run-basic-pqc\">basic × pqc</a></td><td class=\"step\">step 7 (line 23): expect received</td>");
        html.IndexOf("id=\"run-basic-pqc\"", StringComparison.Ordinal).Should().BeLessThan(html.IndexOf("id=\"run-basic-ecc\"", StringComparison.Ordinal));
        string matrix = html[html.IndexOf("<table class=\"matrix\">", StringComparison.Ordinal)..];
        matrix.Should().StartWith("<table class=\"matrix\">\n<tr><th>Scenario</th><th>ecc</th><th>pqc</th></tr>\n<tr><th class=\"scenario\">basic</th>");
    }

    [Test]
    public void An_all_pass_report_has_no_failure_sections()
    {
        RunSummary summary = ReportSamples.Summary();
        string html = HtmlReport.Render(summary with { Results = [.. summary.Results.Where(r => r.Outcome != ScenarioOutcome.Fail)] });
        html.Should().NotContain("id=\"failures\"").And.NotContain("id=\"failed-runs\"").And.NotContain("<svg").And.Contain("<h2 id=\"runs\">Runs</h2>");
    }

    [Test]
    public void Matrix_cells_are_colored_and_link_to_their_runs()
    {
        string html = Html();
        html.Should().Contain("<tr><th class=\"scenario\">edge|case</th><td class=\"cell pass\"><a href=\"#run-edge_case-ecc\"");
        html.Should().Contain("<td class=\"cell fail\"><a href=\"#run-basic-pqc\"");
        html.Should().Contain("<td class=\"cell disabled\"><a href=\"#run-restart-pqc\"");
        Count(html, "<td class=\"cell none\" title=\"not run with this suite\"><span>–</span></td>").Should().Be(2);
    }

    [Test]
    public void Output_is_deterministic()
    {
        Html().Should().Be(Html());
        Html(HtmlDetail.AllRuns).Should().Be(Html(HtmlDetail.AllRuns));
    }

    [Test]
    public void Repeated_pairs_get_distinct_anchors()
    {
        ScenarioResult run = ReportSamples.Result("a b", "ecc", ScenarioOutcome.Pass, 1);
        HtmlReport.Anchors([run, run, run with { Suite = "pqc" }]).Should().Equal("run-a_b-ecc", "run-a_b-ecc-2", "run-a_b-pqc");
    }
}
