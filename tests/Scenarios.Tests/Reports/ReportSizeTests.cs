using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using E2eeConformance.Scenarios.Reports;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Reports;

/// <summary>report.html fits an artifact store: an all-pass catalog run stays within a megabyte, failures keep their detail.</summary>
[TestFixture]
public sealed class ReportSizeTests
{
    /// <summary>The most report.html of an all-pass catalog run may weigh, in bytes (UTF-8).</summary>
    public const int MaxAllPassBytes = 1_000_000;

    private static int Bytes(string html) => Encoding.UTF8.GetByteCount(html);

    private static int Count(string text, string part) => Regex.Matches(text, Regex.Escape(part)).Count;

    [Test]
    public void An_all_pass_catalog_report_stays_within_a_megabyte_and_gives_every_run_a_replay_command()
    {
        RunSummary summary = CatalogRuns.AllPass();
        summary.Results.Should().HaveCountGreaterThanOrEqualTo(200).And.NotContain(r => r.Outcome == ScenarioOutcome.Fail);
        string html = HtmlReport.Render(summary);

        Bytes(html).Should().BeLessThanOrEqualTo(MaxAllPassBytes);
        int ran = summary.Count(ScenarioOutcome.Pass);
        Count(html, "<code class=\"replay\">e2ee-conformance replay --scenario ").Should().Be(ran);
        Count(html, "<section class=\"run brief").Should().Be(summary.Results.Count);
        html.Should().Contain("<code class=\"replay\">e2ee-conformance replay --scenario group-100-members --suite pqc --seed 20261125</code>");
        int events = CatalogRuns.Passed("group-100-members").Diagram.Count;
        events.Should().BeGreaterThan(1000);
        html.Should().Contain($"{events.ToString("N0", CultureInfo.InvariantCulture)} events, 101 participants");
    }

    [Test]
    public void Failed_runs_keep_their_diagram_and_whole_transcript_and_a_large_one_is_capped()
    {
        RunSummary allPass = CatalogRuns.AllPass();
        ScenarioResult hello = CatalogRuns.FailingHello();
        ScenarioResult large = CatalogRuns.FailingLargeGroup();
        hello.Outcome.Should().Be(ScenarioOutcome.Fail, "the scenario expects a text that was never sent");
        string html = HtmlReport.Render(allPass with { Results = [hello, large, .. allPass.Results] });

        Bytes(html).Should().BeLessThanOrEqualTo(MaxAllPassBytes);
        foreach (ScenarioResult failed in new[] { hello, large })
        {
            string anchor = $"run-{failed.Scenario}-ecc";
            string section = html[html.IndexOf($"<section class=\"run full o-fail\" id=\"{anchor}\">", StringComparison.Ordinal)..];
            section = section[..section.IndexOf("</section>", StringComparison.Ordinal)];
            section.Should().Contain("<div class=\"diagram\">\n<svg").And.Contain("<g class=\"failure\">");
            section.Should().Contain($"<pre class=\"transcript\">{WebUtility.HtmlEncode(failed.Transcript)}</pre>");
        }

        html.Should().Contain("e2ee-conformance replay --file wrong-text.yaml --scenario hello-wrong-text --suite ecc --seed 20261125");
        string omitted = (large.Diagram.Count - DiagramParticipants.MaxEvents).ToString("N0", CultureInfo.InvariantCulture);
        html.Should().Contain(">… 95 more participants</text>").And.Contain($">… {omitted} more events</text>");
    }

    [Test]
    public void On_request_every_run_of_the_catalog_is_shown_in_full()
    {
        RunSummary summary = CatalogRuns.AllPass();
        string html = HtmlReport.Render(summary, HtmlDetail.AllRuns);
        Count(html, "<svg").Should().Be(summary.Count(ScenarioOutcome.Pass));
        Count(html, "<pre class=\"transcript\">").Should().Be(summary.Count(ScenarioOutcome.Pass));
        html.Should().Contain(WebUtility.HtmlEncode(CatalogRuns.Passed("chain-limit-1030").Transcript));
    }
}
