using E2eeConformance.Mpenc.Device;
using E2eeConformance.Mpenc.Session;

namespace E2eeConformance.Mpenc.Tests.Session;

/// <summary>The session end to end over the channel: agreement, texts, inclusion, exclusion, refresh, departure (seed 003 §3, §5.2).</summary>
public sealed class SessionFlowTests
{
    [Test]
    public void Five_members_agree_and_read_each_other()
    {
        var h = new SessionHarness("alice", "bob", "carol", "dave", "erin");
        h.StartGroup("g", "alice", "bob", "carol", "dave", "erin");
        AllAgree(h, "alice", "bob", "carol", "dave", "erin");
        h.Do("carol", new SendCommand("g", "hello from carol"));
        h.DeliverAll();
        foreach (string u in new[] { "alice", "bob", "dave", "erin" })
        {
            h.Texts(u).Should().Equal("hello from carol");
        }

        h.Texts("carol").Should().BeEmpty();
        h.Events.Values.SelectMany(e => e.OfType<InputRefused>()).Should().BeEmpty();
    }

    [Test]
    public void Include_two_then_exclude_two_then_refresh()
    {
        var h = new SessionHarness("alice", "bob", "carol", "dave", "erin");
        h.StartGroup("g", "alice", "bob", "carol");
        h.Do("dave", new EnterCommand("g"));
        h.Do("erin", new EnterCommand("g"));
        h.Do("bob", new IncludeCommand("g", ["dave", "erin"]));
        h.DeliverAll();
        AllAgree(h, "alice", "bob", "carol", "dave", "erin");
        string before = h.Session("alice").Current!.SidHex;
        h.Do("erin", new ExcludeCommand("g", ["alice", "carol"]));
        h.DeliverAll();
        AllAgree(h, "bob", "dave", "erin");
        h.Session("alice").Current.Should().BeNull();
        h.Of<ExcludedFromSession>("alice").Should().ContainSingle();
        h.Of<ChannelLeft>("carol").Should().ContainSingle("the excluder kicks them from the channel");
        h.Do("dave", new RefreshCommand("g"));
        h.DeliverAll();
        AllAgree(h, "bob", "dave", "erin");
        h.Session("bob").Current!.SidHex.Should().NotBe(before);
        h.Events.Values.SelectMany(e => e.OfType<InputRefused>()).Should().BeEmpty();
    }

    [Test]
    public void Concurrent_proposals_resolve_by_server_order_and_the_loser_retries()
    {
        var h = new SessionHarness("alice", "bob", "carol", "dave");
        h.StartGroup("g", "alice", "bob", "carol");
        h.Do("dave", new EnterCommand("g"));
        h.DeliverAll();
        h.Do("alice", new IncludeCommand("g", ["dave"]));
        h.Do("bob", new ExcludeCommand("g", ["carol"]));
        h.DeliverAll();
        h.Of<ProposalRejected>("bob").Should().ContainSingle();
        AllAgree(h, "alice", "bob", "dave");
        h.Session("carol").Current.Should().BeNull();
        h.Session("alice").Current!.Members.Should().BeEquivalentTo(["alice", "bob", "dave"]);
    }

    [Test]
    public void Departure_is_an_exclusion_by_the_first_remaining_member()
    {
        var h = new SessionHarness("alice", "bob", "carol");
        h.StartGroup("g", "alice", "bob", "carol");
        h.Do("bob", new PartCommand("g"));
        h.DeliverAll();
        AllAgree(h, "alice", "carol");
        h.Session("alice").Current!.Members.Should().Equal("alice", "carol");
    }

    private static void AllAgree(SessionHarness h, params string[] users)
    {
        Subsession first = h.Session(users[0]).Current!;
        first.Should().NotBeNull();
        foreach (string u in users)
        {
            Subsession s = h.Session(u).Current!;
            s.Should().NotBeNull($"{u} has a session");
            s.SidHex.Should().Be(first.SidHex, u);
            s.GroupKey.Should().Equal(first.GroupKey, u);
            s.Members.Should().BeEquivalentTo(users, u);
            h.Session(u).ChainHash.Should().Equal(h.Session(users[0]).ChainHash, u);
        }
    }
}
