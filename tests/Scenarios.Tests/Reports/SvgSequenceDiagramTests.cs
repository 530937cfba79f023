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
        Count(svg, "<g class=\"participant\">").Should().Be(8, "every lane's box is drawn at the top and again at the bottom");
        Count(svg, "class=\"lifeline\"").Should().Be(4);
        Count(svg, "<g class=\"request\">").Should().Be(1);
        Count(svg, "<g class=\"delivery\">").Should().Be(1);
        Count(svg, "<g class=\"note\">").Should().Be(2);
        Count(svg, "fill=\"#fff3b0\"").Should().Be(2);
        string fault = svg[svg.IndexOf("<g class=\"fault\">", StringComparison.Ordinal)..];
        fault = fault[..fault.IndexOf("</g>", StringComparison.Ordinal)];
        fault.Should().Contain("stroke=\"#c62828\" stroke-dasharray=\"5 3\"").And.Contain("✗");
    }

    [Test]
    public void Width_follows_the_lane_count_and_height_the_row_count()
    {
        string four = SvgSequenceDiagram.Render(ReportSamples.HostileDiagram);
        string two = SvgSequenceDiagram.Render([new DiagramEvent(DiagramEventKind.Request, "alice/1", "server", "upload_keys", "ok")]);
        int Height(int rows) => 64 + (rows * SvgSequenceDiagram.RowHeight) - 8 + 28 + 10;
        four.Should().Contain($"width=\"{40 + (4 * SvgSequenceDiagram.ColumnWidth)}\" height=\"{Height(5)}\"");
        two.Should().Contain($"width=\"{40 + (2 * SvgSequenceDiagram.ColumnWidth)}\" height=\"{Height(1)}\"");
    }

    [Test]
    public void A_large_run_is_drawn_with_capped_lanes_and_events_and_says_how_many_were_left_out()
    {
        string svg = SvgSequenceDiagram.Render(DiagramParticipantsTests.LargeRun());
        Count(svg, "class=\"lifeline\"").Should().Be(DiagramParticipants.MaxLanes + 1);
        svg.Should().Contain($"width=\"{40 + ((DiagramParticipants.MaxLanes + 1) * SvgSequenceDiagram.ColumnWidth)}\"");
        svg.Should().Contain(">… 95 more participants</text>").And.Contain(">… 1,920 more events</text>");
        Count(svg, "<g class=\"delivery\">").Should().Be(DiagramParticipants.MaxEvents);
    }

    [Test]
    public void A_failure_ends_the_diagram_in_a_red_band()
    {
        string svg = SvgSequenceDiagram.Render(ReportSamples.HostileDiagram, "✗ FAIL at step 7: expected <x>");
        string band = svg[svg.IndexOf("<g class=\"failure\">", StringComparison.Ordinal)..];
        band.Should().Contain("&lt;x&gt;").And.Contain("fill=\"#c62828\"");
        svg.IndexOf("<g class=\"failure\">", StringComparison.Ordinal).Should().BeGreaterThan(svg.LastIndexOf("<g class=\"note\">", StringComparison.Ordinal));
        SvgSequenceDiagram.Render(ReportSamples.HostileDiagram).Should().NotContain("class=\"failure\"");
    }

    [Test]
    public void A_long_note_widens_to_show_its_text()
    {
        string step = "#2 create_group friends by alice with bob, carol";
        string svg = SvgSequenceDiagram.Render([new DiagramEvent(DiagramEventKind.Note, "server", "", step, ""), new DiagramEvent(DiagramEventKind.Request, "alice/1", "server", "x", "")]);
        svg.Should().Contain($">{step}</text>");
    }

    [Test]
    public void Text_is_html_escaped()
    {
        string svg = SvgSequenceDiagram.Render(ReportSamples.HostileDiagram);
        svg.Should().NotContain("<script").And.NotContain("<b>").And.Contain("&lt;script&gt;").And.Contain("&quot;quoted&quot;");
        svg.Should().NotContain("http");
    }
}
