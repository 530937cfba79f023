using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Tests.Support;

namespace E2eeConformance.Engine.Tests.Groups;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// A member's copy that lagged behind at one add, and an add by that very member afterwards (issue 11, convergence
/// devices mix, seeds 18 and 184): the lagging member derived the inviter's pre-invite chain from the wrong position,
/// so the inviter's post-invite chain and every newcomer's welcome chain it derived from it are wrong too. The receiver
/// finds the inviter's real position through the invite (its sequence is exact) and re-derives the newcomers' chains
/// with it — whichever of the inviter's and a newcomer's messages arrives first; and on through the newcomers a
/// newcomer invited in turn (seed 1193; catalog 79, 80).
/// </summary>
[TestFixtureSource(typeof(GroupContractFixture), nameof(GroupContractFixture.Suites))]
public sealed class GroupLagThroughInviteContractTests(string suiteName) : GroupContractFixture(suiteName)
{
    [Test]
    public void The_inviters_message_after_its_invite_decrypts_at_a_member_whose_copy_lagged_before_it_and_so_does_the_newcomers()
    {
        GroupParty p = Lagged(out Wire.E2eeMsg overtaken, out List<Wire.E2eeMsg> between);
        Wire.E2eeMsg fromBob = p.Send("bob", "bob after his invite");
        Wire.E2eeMsg fromErin = p.Send("erin", "erin's first");

        p.Receive("carol", fromBob, NowMs + 1).Should().Be("bob after his invite", "carol finds bob's real position under his invite");
        p.Receive("carol", fromErin, NowMs + 2).Should().Be("erin's first", "erin's welcome chain was re-derived from bob's real chain");
        p.Receive("carol", overtaken, NowMs + 3).Should().Be("bob before 1", "the retired position keeps the overtaken message's key");
        p.Receive("carol", between[1], NowMs + 3).Should().Be("bob between 1", "the re-derived chain between the adds keeps the keys up to the invite");
        p.Receive("carol", between[0], NowMs + 3).Should().Be("bob between 0");
        RejectsUnchanged(p, "carol", fromErin, ProtocolErrorCode.Replay, NowMs + 3);
        DeliverToOthers(p, fromBob, fromErin);
        AllChainsAgree(p, "carol re-derived bob's and erin's chains");
        EveryoneReadsEveryone(p, "later", NowMs + 4);
    }

    [Test]
    public void A_newcomers_message_decrypts_first_at_a_member_whose_copy_of_the_inviter_lagged_before_the_invite()
    {
        GroupParty p = Lagged(out Wire.E2eeMsg overtaken, out List<Wire.E2eeMsg> between);
        Wire.E2eeMsg fromErin = p.Send("erin", "erin's first");
        Wire.E2eeMsg fromBob = p.Send("bob", "bob after his invite");

        p.Receive("carol", fromErin, NowMs + 1).Should().Be("erin's first", "carol finds bob's real position from the chain he welcomed erin with");
        p.Receive("carol", fromBob, NowMs + 2).Should().Be("bob after his invite");
        p.Receive("carol", overtaken, NowMs + 3).Should().Be("bob before 1");
        p.Receive("carol", between[0], NowMs + 3).Should().Be("bob between 0");
        p.Receive("carol", between[1], NowMs + 3).Should().Be("bob between 1");
        DeliverToOthers(p, fromBob, fromErin);
        AllChainsAgree(p, "carol re-derived bob's and erin's chains");
        EveryoneReadsEveryone(p, "later", NowMs + 4);
    }

    [Test]
    public void An_altered_newcomers_message_changes_nothing_at_the_lagging_member()
    {
        GroupParty p = Lagged(out _, out _);
        Wire.E2eeMsg fromErin = p.Send("erin", "erin's first");
        Wire.E2eeMsg altered = fromErin.Clone();
        byte[] ciphertext = altered.GroupMsg.Ciphertext.ToByteArray();
        ciphertext[^1] ^= 0x01;
        altered.GroupMsg.Ciphertext = Google.Protobuf.ByteString.CopyFrom(ciphertext);
        altered.GroupMsg.Signature = Google.Protobuf.ByteString.CopyFrom(Suite.Signature.Sign(p.Device("erin").Account.Identity.Sign.PrivateKey.Span, ciphertext, p.Random));

        RejectsUnchanged(p, "carol", altered, ProtocolErrorCode.BadTag, NowMs + 1);
        p.Receive("carol", fromErin, NowMs + 2).Should().Be("erin's first", "the real message still finds the chain after the altered one failed");
    }

    [Test]
    public void The_correction_through_the_inviter_reaches_the_newcomer_its_newcomer_invited()
    {
        GroupParty p = Lagged(out _, out _);
        p.Add("erin", NowMs, "frank");
        Wire.E2eeMsg fromBob = p.Send("bob", "bob after both invites");
        Wire.E2eeMsg fromFrank = p.Send("frank", "frank's first");

        p.Receive("carol", fromBob, NowMs + 1).Should().Be("bob after both invites");
        p.Receive("carol", fromFrank, NowMs + 2).Should().Be("frank's first", "erin's own invite started from the chain bob's lag made wrong (seed 1193; catalog 79)");
        DeliverToOthers(p, fromBob, fromFrank);
        AllChainsAgree(p, "carol re-derived bob's, erin's and frank's chains");
        EveryoneReadsEveryone(p, "later", NowMs + 4);
    }

    [Test]
    public void A_message_from_the_newcomer_of_a_newcomer_finds_the_lag_two_welcomes_up()
    {
        GroupParty p = Lagged(out Wire.E2eeMsg overtaken, out _);
        p.Add("erin", NowMs, "frank");
        Wire.E2eeMsg fromFrank = p.Send("frank", "frank's first");
        Wire.E2eeMsg fromErin = p.Send("erin", "erin after her invite");
        Wire.E2eeMsg fromBob = p.Send("bob", "bob after both invites");

        p.Receive("carol", fromFrank, NowMs + 1).Should().Be("frank's first", "carol traces frank's chain through erin's welcome to bob's lag (catalog 80)");
        p.Receive("carol", fromErin, NowMs + 2).Should().Be("erin after her invite");
        p.Receive("carol", fromBob, NowMs + 2).Should().Be("bob after both invites");
        p.Receive("carol", overtaken, NowMs + 3).Should().Be("bob before 1");
        DeliverToOthers(p, fromFrank, fromErin, fromBob);
        AllChainsAgree(p, "carol re-derived bob's, erin's and frank's chains");
        EveryoneReadsEveryone(p, "later", NowMs + 4);
    }

    [Test]
    public void An_altered_message_from_the_newcomer_of_a_newcomer_changes_nothing()
    {
        GroupParty p = Lagged(out _, out _);
        p.Add("erin", NowMs, "frank");
        Wire.E2eeMsg fromFrank = p.Send("frank", "frank's first");
        Wire.E2eeMsg altered = fromFrank.Clone();
        byte[] ciphertext = altered.GroupMsg.Ciphertext.ToByteArray();
        ciphertext[0] ^= 0x80;
        altered.GroupMsg.Ciphertext = Google.Protobuf.ByteString.CopyFrom(ciphertext);
        altered.GroupMsg.Signature = Google.Protobuf.ByteString.CopyFrom(Suite.Signature.Sign(p.Device("frank").Account.Identity.Sign.PrivateKey.Span, ciphertext, p.Random));

        RejectsUnchanged(p, "carol", altered, ProtocolErrorCode.BadTag, NowMs + 1);
        p.Receive("carol", fromFrank, NowMs + 2).Should().Be("frank's first", "the real message still finds the chain after the altered one failed");
    }

    /// <summary>Every member but carol and the sender reads the messages (carol read them already).</summary>
    private static void DeliverToOthers(GroupParty p, params Wire.E2eeMsg[] messages)
    {
        foreach (Wire.E2eeMsg message in messages)
        {
            foreach (GroupParty.MemberDevice member in p.Members.Where(m => m.Name != "carol" && !Addresses.SameDevice(m.Address, message.From)).ToList())
            {
                p.Receive(member.Name, message, NowMs + 4);
            }
        }
    }

    /// <summary>
    /// alice, bob, carol; bob sends two messages, carol reads the first only; alice adds dave (carol's copy of bob lags
    /// by one); bob sends two more that carol does not read yet, then adds erin (his invite at sequence 2). Returns bob's
    /// second message and the two written between the adds, all still on their way to carol.
    /// </summary>
    private GroupParty Lagged(out Wire.E2eeMsg overtaken, out List<Wire.E2eeMsg> between)
    {
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        List<Wire.E2eeMsg> before = p.SendMany("bob", "bob before ", 2);
        p.Receive("carol", before[0]);
        p.Receive("alice", before[0]);
        p.Receive("alice", before[1]);

        p.Add("alice", NowMs, "dave");
        between = p.SendMany("bob", "bob between ", 2);
        foreach (Wire.E2eeMsg m in between)
        {
            p.Receive("alice", m);
            p.Receive("dave", m);
        }

        p.Add("bob", NowMs, "erin");
        overtaken = before[1];
        return p;
    }
}
