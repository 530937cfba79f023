using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Tests.Support;

namespace E2eeConformance.Engine.Tests.Groups;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// A member's messages in flight across several adds in a row (issue 11, convergence devices mix, seeds 25 and 76):
/// every existing member re-derives a lagging copy of that member's chain once per add, so its real chain is add(…add(CK
/// at its real position)…) and the receiver finds that position again across all the adds.
/// </summary>
[TestFixtureSource(typeof(GroupContractFixture), nameof(GroupContractFixture.Suites))]
public sealed class GroupSeveralAddsInFlightContractTests(string suiteName) : GroupContractFixture(suiteName)
{
    [Test]
    public void A_members_message_written_after_two_adds_decrypts_at_a_member_whose_copy_lagged_behind_before_both()
    {
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        List<Wire.E2eeMsg> before = p.SendMany("bob", "bob before ", 2);
        p.Receive("carol", before[0]);
        p.Receive("alice", before[0]);
        p.Receive("alice", before[1]);

        p.Add("alice", NowMs, "dave");
        p.Add("alice", NowMs, "erin");
        Wire.E2eeMsg after = p.Send("bob", "bob after both adds");

        p.Receive("carol", after, NowMs + 1).Should().Be("bob after both adds", "carol re-derives bob's chain from his real position across both adds");
        p.Receive("carol", before[1], NowMs + 2).Should().Be("bob before 1", "the first retired position keeps the overtaken message's key");
        RejectsUnchanged(p, "carol", before[1], ProtocolErrorCode.Replay, NowMs + 2);
        RejectsUnchanged(p, "carol", after, ProtocolErrorCode.Replay, NowMs + 2);
        p.Receive("alice", after, NowMs + 3).Should().Be("bob after both adds");
        p.Receive("erin", after, NowMs + 4).Should().Be("bob after both adds");
        p.Receive("dave", after, NowMs + 4).Should().Be("bob after both adds");
        AllChainsAgree(p, "carol found bob's real position");
        EveryoneReadsEveryone(p, "later", NowMs + 5);
    }

    [Test]
    public void A_members_message_written_between_two_adds_decrypts_after_both_at_a_member_whose_copy_lagged_behind()
    {
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        List<Wire.E2eeMsg> before = p.SendMany("bob", "bob before ", 2);
        p.Receive("carol", before[0]);
        p.Receive("alice", before[0]);
        p.Receive("alice", before[1]);

        p.Add("alice", NowMs, "dave");
        Wire.E2eeMsg between = p.Send("bob", "bob between the adds");
        p.Receive("alice", between, NowMs + 1);
        p.Add("alice", NowMs + 1, "erin");
        Wire.E2eeMsg after = p.Send("bob", "bob after both adds");

        p.Receive("carol", between, NowMs + 2).Should().Be("bob between the adds", "the chain of the first add, at bob's real position, is found");
        p.Receive("carol", after, NowMs + 3).Should().Be("bob after both adds");
        p.Receive("carol", before[1], NowMs + 4).Should().Be("bob before 1");
        p.Receive("dave", between, NowMs + 5).Should().Be("bob between the adds");
        foreach (string member in (string[])["alice", "dave", "erin"])
        {
            p.Receive(member, after, NowMs + 5).Should().Be("bob after both adds");
        }

        AllChainsAgree(p, "carol found bob's real position");
    }
}
