using System.Text.RegularExpressions;
using E2eeConformance.Scenarios.Reports;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Reports;

[TestFixture]
public sealed class SvgSequenceDiagramTests
{
    private static int Count(string text, string part) => Regex.Matches(text, Regex.Escape(part)).Count;

    [Test]
    public void Draws_participants_arrows_faults_and_notes()
    {
        string svg = SvgSequenceDiagram.Render(ReportSamples.HostileDiagram);
        svg.Should().StartWith("<svg ").And.EndWith("</svg>");
        Count(svg, "<g class=\"participant\">").Should().Be(4);
        Count(svg, "class=\"lifeline\"").Should().Be(4);
        Count(svg, "<g class=\"request\">").Should().Be(1);
        Count(svg, "<g class=\"delivery\">").Should().Be(1);
        Count(svg, "<g class=\"note\">").Should().Be(2);
        Count(svg, "fill=\"#fff3b0\"").Should().Be(2);
        string fault = svg[svg.IndexOf("<g class=\"fault\">", StringComparison.Ordinal)..];
        fault = fault[..fault.IndexOf("</g>", StringComparison.Ordinal)];
        fault.Should().Contain("stroke=\"#d62728\" stroke-dasharray=\"5 3\"").And.Contain("✗");
    }

    [Test]
    public void Width_follows_the_participant_count_and_rows_are_22px_apart()
    {
        string four = SvgSequenceDiagram.Render(ReportSamples.HostileDiagram);
        string two = SvgSequenceDiagram.Render([new DiagramEvent(DiagramEventKind.Request, "alice/1", "server", "upload_keys", "ok")]);
        four.Should().Contain("width=\"840\" height=\"172\"");
        two.Should().Contain("width=\"440\" height=\"84\"");
    }

    [Test]
    public void Text_is_html_escaped()
    {
        string svg = SvgSequenceDiagram.Render(ReportSamples.HostileDiagram);
        svg.Should().NotContain("<script").And.NotContain("<b>").And.Contain("&lt;script&gt;").And.Contain("&quot;quoted&quot;");
        svg.Should().NotContain("http");
    }
}
