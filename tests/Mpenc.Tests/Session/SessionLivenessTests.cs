using E2eeConformance.Mpenc.Device;
using E2eeConformance.Mpenc.Errors;
using E2eeConformance.Mpenc.Session;

namespace E2eeConformance.Mpenc.Tests.Session;

/// <summary>Acknowledgements, warnings and timeouts (seed 003 §3.5, §4.3; MP-17, MP-18, MP-19).</summary>
public sealed class SessionLivenessTests
{
    [Test]
    public void Texts_read_are_acknowledged_automatically_and_no_warning_follows()
    {
        var h = new SessionHarness("alice", "bob", "carol");
        h.StartGroup("g", "alice", "bob", "carol");
        h.Do("alice", new SendCommand("g", "hello"));
        h.DeliverAll();
        h.Tick(SessionTimers.Default.AckDelayMs);
        h.DeliverAll();
        h.Tick(SessionTimers.Default.AckTimeoutMs);
        h.DeliverAll();
        h.Events.Values.SelectMany(e => e.OfType<SessionWarning>()).Should().BeEmpty();
        TranscriptEntry entry = h.Session("alice").Current!.Transcript.Entries.Values.Single(e => e.IsContent);
        entry.AckedBy.Should().BeEquivalentTo(["alice", "bob", "carol"]);
    }

    [Test]
    public void A_reader_that_never_acknowledges_is_named_once_after_the_timeout()
    {
        var h = new SessionHarness("alice", "bob", "carol");
        h.StartGroup("g", "alice", "bob", "carol");
        h.Do("alice", new SendCommand("g", "hello"));
        h.DeliverAll(hold: d => d.To == "carol");
        h.Tick(SessionTimers.Default.AckDelayMs);
        h.DeliverAll(hold: d => d.To == "carol");
        h.Tick(SessionTimers.Default.AckTimeoutMs);
        h.DeliverAll(hold: d => d.To == "carol");
        h.Tick(SessionTimers.Default.AckTimeoutMs);
        SessionWarning warning = h.Of<SessionWarning>("alice").Should().ContainSingle(w => w.Kind == "unacked").Subject;
        warning.Members.Should().Equal("carol");
    }

    [Test]
    public void A_message_with_an_invented_parent_waits_then_is_refused_and_a_line_break_is_refused_at_once()
    {
        var h = new SessionHarness("alice", "bob");
        h.StartGroup("g", "alice", "bob");
        h.Do("bob", new SendCommand("g", "honest"));
        h.DeliverAll();
        h.Do("bob", new SendCommand("g", "skips its own line") { ClaimedParents = [] });
        h.DeliverAll();
        h.Refusals("alice").Should().ContainSingle().Which.Code.Should().Be(MpencErrorCode.BadParents);
        h.Do("bob", new SendCommand("g", "invented") { ClaimedParents = [new string('a', 64)] });
        h.DeliverAll();
        h.Session("alice").Deferred.Should().ContainSingle();
        h.Tick(SessionTimers.Default.ParentTimeoutMs);
        h.Refusals("alice").Select(r => r.Code).Should().Equal(MpencErrorCode.BadParents, MpencErrorCode.ParentMissing);
        h.Session("alice").Deferred.Should().BeEmpty();
        h.Texts("alice").Should().Equal("honest");
    }

    [Test]
    public void The_previous_subsession_closes_after_its_grace()
    {
        var h = new SessionHarness("alice", "bob", "carol");
        h.StartGroup("g", "alice", "bob", "carol");
        h.Do("carol", new SendCommand("g", "late"));
        List<(string, Channel.ChannelEvent)> late = [.. h.Queue];
        h.Queue.Clear();
        h.Do("alice", new RefreshCommand("g"));
        h.DeliverAll();
        h.Session("bob").Previous.Should().NotBeNull();
        h.Tick(SessionTimers.Default.ShutdownGraceMs);
        h.Session("bob").Previous.Should().BeNull();
        h.Queue.AddRange(late);
        h.DeliverAll();
        h.Refusals("bob").Should().BeEmpty("a packet whose hint names a closed subsession waits: a newer one may share the hint (MP-19)");
        h.Tick(SessionTimers.Default.ParentTimeoutMs);
        h.Refusals("bob").Should().ContainSingle().Which.Code.Should().Be(MpencErrorCode.SessionClosed);
    }
}
