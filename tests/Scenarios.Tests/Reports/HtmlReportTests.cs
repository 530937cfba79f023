using System.Text.RegularExpressions;
using E2eeConformance.Scenarios.Reports;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Reports;

[TestFixture]
public sealed class HtmlReportTests
{
    private static string Html() => HtmlReport.Render(ReportSamples.Summary());

    private static int Count(string text, string part) => Regex.Matches(text, Regex.Escape(part)).Count;

    [Test]
    public void Input_text_is_escaped()
    {
        string html = Html();
        html.Should().NotContainEquivalentOf("<script").And.NotContain("<b>");
        html.Should().Contain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
        html.Should().Contain("t45 line &lt;script&gt;");
    }

    [Test]
    public void Nothing_is_fetched_from_the_network()
    {
        string html = Html();
        html.Should().NotContain("src=\"http").And.NotContain("href=\"http");
        html.Should().NotContain("http://").And.NotContain("https://").And.NotContain("<link").And.NotContain("url(");
    }

    [Test]
    public void Every_run_has_its_anchor_section_and_svg()
    {
        string html = Html();
        Count(html, "<svg").Should().Be(6);
        Count(html, "<section class=\"run\"").Should().Be(6);
        foreach (string anchor in new[] { "run-basic-ecc", "run-basic-pqc", "run-restart-ecc", "run-restart-pqc", "run-offline-ecc", "run-edge_case-ecc" })
        {
            html.Should().Contain($"id=\"{anchor}\"").And.Contain($"href=\"#{anchor}\"");
        }
    }

    [Test]
    public void Matrix_cells_are_colored_and_link_to_their_runs()
    {
        string html = Html();
        html.Should().Contain("<tr><th>Scenario</th><th>ecc</th><th>pqc</th></tr>");
        html.Should().Contain("<tr><th>edge|case</th><td class=\"cell pass\"><a href=\"#run-edge_case-ecc\"");
        html.Should().Contain("<td class=\"cell fail\"><a href=\"#run-basic-pqc\"");
        html.Should().Contain("<td class=\"cell disabled\"><a href=\"#run-restart-pqc\"");
        Count(html, "<td class=\"cell none\">–</td>").Should().Be(2);
    }

    [Test]
    public void Only_failures_are_open_and_they_show_step_reason_and_mermaid_source()
    {
        string html = Html();
        Count(html, "<details open>").Should().Be(1);
        string failed = html[html.IndexOf("id=\"run-basic-pqc\"", StringComparison.Ordinal)..];
        failed = failed[..failed.IndexOf("</section>", StringComparison.Ordinal)];
        failed.Should().Contain("<details open>")
            .And.Contain("<dt>Seed</dt><dd>7</dd>")
            .And.Contain("<dt>Duration</dt><dd>2.000 s</dd>")
            .And.Contain("<dt>Step</dt><dd>step 7 (line 23): expect received</dd>")
            .And.Contain("<pre class=\"mermaid\">sequenceDiagram\n    participant p0 as alice/1")
            .And.Contain("<g class=\"fault\">");
    }

    [Test]
    public void Output_is_deterministic()
    {
        Html().Should().Be(Html());
    }

    [Test]
    public void Repeated_pairs_get_distinct_anchors()
    {
        ScenarioResult run = ReportSamples.Result("a b", "ecc", ScenarioOutcome.Pass, 1);
        HtmlReport.Anchors([run, run, run with { Suite = "pqc" }]).Should().Equal("run-a_b-ecc", "run-a_b-ecc-2", "run-a_b-pqc");
    }
}
