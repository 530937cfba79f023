using E2eeConformance.Scenarios.Reports;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Reports;

[TestFixture]
public sealed class MermaidSequenceTests
{
    [Test]
    public void Participants_get_safe_ids_and_every_event_one_line()
    {
        string[] lines = MermaidSequence.Render(ReportSamples.HostileDiagram).Split('\n');
        lines.Should().Equal(
            "sequenceDiagram",
            "    participant p0 as alice/1",
            "    participant server as Server",
            "    participant p1 as bob/1",
            "    participant p2 as eve",
            "    Note over p0: step 1 (line 3): send",
            "    p0->>server: send_one2one_msg m1 #lt;script#gt;alert(1)#lt;/script#gt; → ok",
            "    server->>p1: e2ee m1 | #quot;quoted#quot;#59; #35;hash → received #quot;hi there#quot;",
            "    server-x p1: tampered m3 #lt;b#gt;",
            "    Note over p2: #lt;script#gt;alert(#quot;x#quot;)#lt;/script#gt; | a#59;b #35;c next");
    }

    [Test]
    public void Renders_a_results_diagram()
    {
        ScenarioResult result = ReportSamples.Summary().Results[1];
        MermaidSequence.Render(result).Should().Be(MermaidSequence.Render(ReportSamples.HostileDiagram));
    }

    [Test]
    public void A_large_run_is_capped_like_the_svg_diagram()
    {
        string[] lines = MermaidSequence.Render(DiagramParticipantsTests.LargeRun()).Split('\n');
        lines.Should().HaveCount(1 + DiagramParticipants.MaxLanes + 1 + DiagramParticipants.MaxEvents + 1);
        lines[1 + DiagramParticipants.MaxLanes].Should().Be("    participant more as … 95 more participants");
        lines.Should().Contain("    Note over server,more: … 1,920 more events");
        lines.Should().Contain("    server->>more: m5/1: deliver 5 → ok", "a participant without a lane is drawn on the shared lane, named in the text");
        lines[^1].Should().Be("    server->>more: m69/1: deliver 2069 → ok");
    }

    [Test]
    public void An_empty_diagram_declares_only_the_server()
    {
        MermaidSequence.Render([]).Should().Be("sequenceDiagram\n    participant server as Server");
    }
}
