using System.Text;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Sessions;
using E2eeConformance.Engine.Tests.Support;
using E2eeConformance.TestSupport;
using static E2eeConformance.Engine.Tests.Support.Tamper;

namespace E2eeConformance.Engine.Tests.Client;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// The adversary's re-encryption (<see cref="Resealing"/>, issue 14 §1): a copy of a device's state puts a replacement
/// text into a message in flight under the message's own key. It works exactly where the copy holds that key — the
/// recipient before it read the message, the sender before its chain passed the position — and a group message resealed
/// by a member other than its sender carries a signature the sender's key does not verify. Each positive case has a
/// tampered twin.
/// </summary>
[TestFixtureSource(nameof(Suites))]
public sealed class ResealingTests(string suiteName) : CipherSuiteFixture(suiteName)
{
    public static readonly string[] Suites = ["ecc", "pqc"];

    private static byte[] Forged => Encoding.UTF8.GetBytes("pay mallory");

    [Test]
    public void The_recipients_copy_reseals_a_message_it_has_not_read_and_the_recipient_reads_the_forgery_in_its_place()
    {
        TwoParties p = TwoParties.Establish(Suite, "reseal as recipient");
        Wire.E2eeMsg a0 = p.AliceSends("a0");

        Wire.E2eeMsg forged = Resealing.AsRecipient(p.BobSession, a0, Forged, p.Random);

        Copy(forged, x => x.One2OneMsg.Ciphertext = a0.One2OneMsg.Ciphertext).Should().Be(a0, "only the ciphertext changes");
        forged.One2OneMsg.Ciphertext.Should().NotEqual(a0.One2OneMsg.Ciphertext);
        p.BobReceives(forged).Should().Be("pay mallory");
        Rejects(() => p.BobReceives(a0), ProtocolErrorCode.Replay);
    }

    [Test]
    public void A_tampered_resealed_message_is_rejected()
    {
        TwoParties p = TwoParties.Establish(Suite, "reseal tampered twin");
        Wire.E2eeMsg forged = Resealing.AsRecipient(p.BobSession, p.AliceSends("a0"), Forged, p.Random);

        Rejects(() => p.BobReceives(Payload(forged, x => x.Ciphertext = FlipBit(x.Ciphertext, 3))), ProtocolErrorCode.BadTag);
    }

    [Test]
    public void The_recipients_copy_cannot_reseal_a_message_it_already_read()
    {
        TwoParties p = TwoParties.Establish(Suite, "reseal after reading");
        Wire.E2eeMsg a0 = p.AliceSends("a0");
        p.BobReceives(a0);

        Rejects(() => Resealing.AsRecipient(p.BobSession, a0, Forged, p.Random), ProtocolErrorCode.Replay);
    }

    [Test]
    public void The_recipients_copy_reseals_on_a_new_chain_and_with_a_skipped_key()
    {
        TwoParties p = TwoParties.Establish(Suite, "reseal new chain and skipped");
        p.BobReceives(p.AliceSends("a0"));
        p.AliceReceives(p.BobSends("b0"));
        Wire.E2eeMsg a1 = p.AliceSends("a1"); // a new chain of Alice's
        Wire.E2eeMsg a2 = p.AliceSends("a2");

        EstablishedSession beforeNewChain = p.BobSession;
        p.BobReceives(Resealing.AsRecipient(beforeNewChain, a1, Forged, p.Random)).Should().Be("pay mallory");

        p.BobSession = beforeNewChain;
        p.BobReceives(a2).Should().Be("a2"); // a1's key is now a skipped key Bob keeps
        p.BobReceives(Resealing.AsRecipient(p.BobSession, a1, Forged, p.Random)).Should().Be("pay mallory");
    }

    [Test]
    public void The_senders_copy_reseals_a_later_message_but_not_one_its_chain_has_passed()
    {
        TwoParties p = TwoParties.Establish(Suite, "reseal as sender");
        EstablishedSession copy = p.AliceSession;
        Wire.E2eeMsg a0 = p.AliceSends("a0");

        p.BobReceives(Resealing.AsSender(copy, a0, Forged)).Should().Be("pay mallory");
        Rejects(() => Resealing.AsSender(p.AliceSession, a0, Forged), ProtocolErrorCode.SupersededChain);
    }

    [Test]
    public void A_member_reseals_another_members_group_message_but_its_signature_gives_it_away()
    {
        GroupParty p = GroupParty.Create(Suite, "reseal in group by member", "alice", "bob", "carol");
        Wire.E2eeMsg m = p.Send("alice", "hello group");

        Wire.E2eeMsg forged = Resealing.InGroup(p["carol"].Session, p["carol"].Account, m, Forged, p.Random);

        Rejects(() => p.Receive("bob", forged), ProtocolErrorCode.BadSignature);
        p.Receive("bob", m).Should().Be("hello group");
    }

    [Test]
    public void The_senders_copy_reseals_and_re_signs_a_group_message_every_member_reads_but_not_one_its_chain_passed()
    {
        GroupParty p = GroupParty.Create(Suite, "reseal in group by sender", "alice", "bob", "carol");
        GroupSession copy = p["alice"].Session;
        Wire.E2eeMsg m = p.Send("alice", "hello group");

        Wire.E2eeMsg forged = Resealing.InGroup(copy, p["alice"].Account, m, Forged, p.Random);

        p.DeliverToAll(forged).Values.Should().AllBe("pay mallory");
        Rejects(() => p.Receive("bob", Copy(forged, x => x.GroupMsg.Ciphertext = FlipBit(x.GroupMsg.Ciphertext, 0))), ProtocolErrorCode.BadSignature);
        Rejects(() => Resealing.InGroup(p["alice"].Session, p["alice"].Account, m, Forged, p.Random), ProtocolErrorCode.SupersededChain);
    }

    [Test]
    public void A_removed_members_copy_cannot_reseal_a_message_of_the_session_made_without_it()
    {
        GroupParty p = GroupParty.Create(Suite, "reseal by an outsider", "alice", "bob", "carol");
        p.Remove("alice", GroupParty.NowMs, "carol");
        Wire.E2eeMsg m = p.Send("alice", "without carol");

        Rejects(() => Resealing.InGroup(p["carol"].Session, p["carol"].Account, m, Forged, p.Random), ProtocolErrorCode.UnknownGroupSession);
    }
}
