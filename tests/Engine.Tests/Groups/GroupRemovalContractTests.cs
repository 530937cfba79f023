using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Tests.Support;
using static E2eeConformance.Engine.Tests.Support.Tamper;

namespace E2eeConformance.Engine.Tests.Groups;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// Removal and leave (REFERENCE-BEHAVIOUR §40): a new seed for the remaining members, the removed member's saved state
/// reads nothing after it, and the old session is retired for <see cref="ProtocolLimits.RetiredGroupSessionGrace"/>
/// (at most <see cref="ProtocolLimits.MaxRetiredGroupSessions"/> of them).
/// </summary>
[TestFixtureSource(typeof(GroupContractFixture), nameof(GroupContractFixture.Suites))]
public sealed class GroupRemovalContractTests(string suiteName) : GroupContractFixture(suiteName)
{
    [Test]
    public void After_a_removal_the_remaining_members_agree_on_new_chains_and_read_each_others_messages()
    {
        GroupParty p = Group(Label(), "alice", "bob", "carol", "dave");
        EveryoneReadsEveryone(p, "before");
        string oldId = p["alice"].Session.SessionId;
        Dictionary<string, string> oldChains = p.Members.ToDictionary(m => m.Name, m => Convert.ToHexStringLower(m.Session.OwnChain.Key), StringComparer.Ordinal);

        Wire.GroupPreKeyBundle bundle = p.Remove("bob", NowMs, "dave");

        bundle.OldSessionId.Should().Be(oldId);
        bundle.SessionId.Should().NotBe(oldId);
        p.Members.Select(m => m.Name).Should().Equal("alice", "bob", "carol");
        foreach (GroupParty.MemberDevice m in p.Members)
        {
            m.Session.SessionId.Should().Be(bundle.SessionId);
            m.Session.OwnChain.Index.Should().Be(0u);
            Convert.ToHexStringLower(m.Session.OwnChain.Key).Should().NotBe(oldChains[m.Name], "a removal draws a new seed (REFERENCE-BEHAVIOUR §40)");
            m.Session.Receivers.Should().NotContainKey(p["dave"].Key);
            m.State.Retired.Should().ContainSingle().Which.Session.SessionId.Should().Be(oldId);
        }

        AllChainsAgree(p, "the remaining members derive the new chains from the new seed");
        EveryoneReadsEveryone(p, "after");
    }

    [Test]
    public void The_removed_members_saved_state_cannot_decrypt_messages_sent_after_the_removal()
    {
        GroupParty p = Group(Label(), "alice", "bob", "carol", "dave");
        EveryoneReadsEveryone(p, "before");
        GroupState daveState = p["dave"].State;
        GroupSession daveSession = daveState.Current;
        string oldId = daveSession.SessionId;

        p.Remove("alice", NowMs, "dave");
        foreach (string sender in new[] { "alice", "bob", "carol" })
        {
            Wire.E2eeMsg after = p.Send(sender, $"secret from {sender}");
            p.Receive(sender == "alice" ? "bob" : "alice", after).Should().Be($"secret from {sender}");

            RejectsUnchanged(p, "dave", after, ProtocolErrorCode.UnknownGroupSession);
            SessionRejectsUnchanged(daveSession, after, ProtocolErrorCode.UnknownGroupSession);

            Wire.E2eeMsg disguised = Copy(after, m => m.SessionId = oldId);
            RejectsUnchanged(p, "dave", disguised, null);
            SessionRejectsUnchanged(daveSession, disguised, null);
        }

        p["dave"].State.Should().BeSameAs(daveState);
    }

    [Test]
    public void Messages_sent_before_a_removal_decrypt_through_the_retired_session_until_the_grace_ends()
    {
        GroupParty p = Group(Label(), "alice", "bob", "carol", "dave");
        List<Wire.E2eeMsg> fromBob = p.SendMany("bob", "bob before ", 3);
        Wire.E2eeMsg fromDave = p.Send("dave", "dave before");
        p.Receive("alice", fromBob[0]);

        p.Remove("alice", NowMs, "dave");
        Wire.E2eeMsg afterRemoval = p.Send("bob", "bob after");

        p.Receive("alice", afterRemoval, NowMs + 1).Should().Be("bob after");
        p.Receive("alice", fromBob[2], NowMs + 1).Should().Be("bob before 2");
        p.Receive("carol", fromDave, NowMs + (GraceMs / 2)).Should().Be("dave before", "a removed member's message written before its removal is read during the grace");
        RejectsUnchanged(p, "bob", fromDave, ProtocolErrorCode.UnknownGroupSession, NowMs + GraceMs + 1);
        p.Receive("carol", fromBob[1], NowMs + GraceMs).Should().Be("bob before 1", "the grace is inclusive at its end");

        RejectsUnchanged(p, "alice", fromBob[1], ProtocolErrorCode.UnknownGroupSession, NowMs + GraceMs + 1);
        RejectsUnchanged(p, "carol", fromBob[0], ProtocolErrorCode.UnknownGroupSession, NowMs + GraceMs + 1);
        p.Receive("alice", fromBob[1], NowMs + GraceMs).Should().Be("bob before 1", "the failed late attempt committed nothing");
    }

    [Test]
    public void A_removed_members_retired_chain_reads_only_the_retired_session_and_only_during_the_grace()
    {
        // The retired session keeps the removed member's chain (its messages in flight are read); the server refuses a
        // non-member's group message, so what reaches a device on that chain was written while it was a member. What the
        // removed device writes with its old keys never reaches the new session, and nothing does after the grace.
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        GroupSession carolsOld = p["carol"].Session;
        p.Remove("alice", NowMs, "carol");
        (_, Wire.E2eeMsg late) = carolsOld.Encrypt(p["carol"].Account, "carol's old keys"u8, p.Random);

        p.Receive("bob", late, NowMs + 1000).Should().Be("carol's old keys");
        Wire.E2eeMsg intoNew = Copy(late, m => m.SessionId = p["alice"].Session.SessionId);
        RejectsUnchanged(p, "alice", intoNew, null, NowMs + 1000);
        RejectsUnchanged(p, "alice", late, ProtocolErrorCode.UnknownGroupSession, NowMs + GraceMs + 1);
    }

    [Test]
    public void Only_the_most_recent_retired_sessions_are_kept_even_within_the_grace()
    {
        const int kept = ProtocolLimits.MaxRetiredGroupSessions;
        string[] others = [.. Enumerable.Range(0, kept + 2).Select(i => $"member{i}")];
        GroupParty p = Group(Label(), ["alice", "bob", .. others]);
        List<Wire.E2eeMsg> sent = [];
        for (int i = 0; i <= kept; i++)
        {
            sent.Add(p.Send("bob", $"session {i}"));
            p.Remove("alice", NowMs + i, others[i]);
        }

        p["alice"].State.Retired.Should().HaveCount(kept);
        RejectsUnchanged(p, "alice", sent[0], ProtocolErrorCode.UnknownGroupSession, NowMs + kept + 1);
        for (int i = 1; i <= kept; i++)
        {
            p.Receive("alice", sent[i], NowMs + kept + 1).Should().Be($"session {i}");
        }

        EveryoneReadsEveryone(p, "after", NowMs + kept + 2);
    }

    [Test]
    public void A_member_that_leaves_is_removed_and_its_saved_state_cannot_read_the_group_afterwards()
    {
        // Leaving is the server-mediated removal of the leaver (REFERENCE-BEHAVIOUR §40): another member draws the new seed.
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        EveryoneReadsEveryone(p, "before");
        GroupState carolState = p["carol"].State;

        Wire.GroupPreKeyBundle bundle = p.Remove("bob", NowMs, "carol");

        bundle.Sender.Should().Be(p["bob"].Address);
        AllChainsAgree(p, "alice and bob share the new session");
        Wire.E2eeMsg after = p.Send("alice", "carol has left");
        p.Receive("bob", after).Should().Be("carol has left");
        RejectsUnchanged(p, "carol", after, ProtocolErrorCode.UnknownGroupSession);
        RejectsUnchanged(p, "carol", Copy(after, m => m.SessionId = carolState.Current.SessionId), null);
        EveryoneReadsEveryone(p, "after");
    }
}
