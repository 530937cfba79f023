using E2eeConformance.Scenarios.Reports;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Reports;

[TestFixture]
public sealed class DiagramParticipantsTests
{
    /// <summary>2,070 deliveries from the server to 100 devices m0/1 … m99/1 in turn: 101 participants.</summary>
    public static IReadOnlyList<DiagramEvent> LargeRun() =>
        [.. Enumerable.Range(0, 2070).Select(i => new DiagramEvent(DiagramEventKind.Delivery, "server", $"m{i % 100}/1", $"deliver {i}", "ok"))];

    [Test]
    public void A_small_run_is_drawn_whole()
    {
        DiagramParticipants participants = new(ReportSamples.HostileDiagram);
        participants.Names.Should().Equal("alice/1", "server", "bob/1", "eve");
        participants.Rows.Should().HaveCount(ReportSamples.HostileDiagram.Count).And.OnlyContain(r => !r.IsGap);
        participants.Omitted.Should().Be(0);
        participants.Hidden.Should().Be(0);
        participants.Overflow.Should().BeNull();
    }

    [Test]
    public void A_large_run_keeps_the_first_lanes_and_shares_one_lane_among_the_rest()
    {
        DiagramParticipants participants = new(LargeRun());
        participants.Names.Should().HaveCount(DiagramParticipants.MaxLanes + 1);
        participants.Names.Take(DiagramParticipants.MaxLanes).Should().Equal("server", "m0/1", "m1/1", "m2/1", "m3/1", "m4/1");
        participants.Hidden.Should().Be(101 - DiagramParticipants.MaxLanes);
        participants.Names[^1].Should().Be("… 95 more participants");
    }

    [Test]
    public void A_large_run_draws_its_first_and_last_events_with_the_count_of_the_rest_between()
    {
        DiagramParticipants participants = new(LargeRun());
        participants.Omitted.Should().Be(2070 - DiagramParticipants.MaxEvents);
        participants.Rows.Should().HaveCount(DiagramParticipants.MaxEvents + 1);
        DiagramRow gap = participants.Rows[DiagramParticipants.HeadEvents];
        gap.IsGap.Should().BeTrue();
        gap.Text.Should().Be("… 1,920 more events");
        participants.Rows[DiagramParticipants.HeadEvents - 1].Text.Should().EndWith("deliver 29 → ok");
        participants.Rows[DiagramParticipants.HeadEvents + 1].Text.Should().EndWith($"deliver {2070 - DiagramParticipants.TailEvents} → ok");
        participants.Rows[^1].Should().Be(new DiagramRow(DiagramEventKind.Delivery, "server", "… 95 more participants", "m69/1: deliver 2069 → ok", IsGap: false));
    }

    [Test]
    public void Exactly_the_cap_is_drawn_whole_and_one_more_is_not()
    {
        DiagramEvent e = new(DiagramEventKind.Request, "alice/1", "server", "fetch", "ok");
        new DiagramParticipants(Enumerable.Repeat(e, DiagramParticipants.MaxEvents).ToList()).Omitted.Should().Be(0);
        DiagramParticipants over = new(Enumerable.Repeat(e, DiagramParticipants.MaxEvents + 1).ToList());
        over.Omitted.Should().Be(1);
        over.OmittedText.Should().Be("… 1 more event");
    }

    [Test]
    public void The_server_keeps_a_lane_even_when_it_appears_after_the_lane_cap()
    {
        List<DiagramEvent> events = [.. Enumerable.Range(1, 10).Select(i => new DiagramEvent(DiagramEventKind.Note, $"d{i}/1", "", "restart", ""))];
        events.Add(new DiagramEvent(DiagramEventKind.Request, "d1/1", "server", "fetch", "ok"));
        DiagramParticipants participants = new(events);
        participants.Names.Should().Contain(DiagramParticipants.Server);
        participants.Names.Take(DiagramParticipants.MaxLanes).Should().HaveCount(DiagramParticipants.MaxLanes).And.OnlyHaveUniqueItems();
        participants.Names[^1].Should().Be("… 5 more participants");
    }
}
