using System.Text;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Tests.Support;
using static E2eeConformance.Engine.Tests.Support.Tamper;

namespace E2eeConformance.Engine.Tests.Groups;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// Adds (REFERENCE-BEHAVIOUR §41): the welcome and add derivations, newcomers in list order, a new device of a member,
/// bundles that cannot apply, an inviter whose chain is exhausted, and the documented design property that an add
/// brings no post-compromise security.
/// </summary>
[TestFixtureSource(typeof(GroupContractFixture), nameof(GroupContractFixture.Suites))]
public sealed class GroupAddContractTests(string suiteName) : GroupContractFixture(suiteName)
{
    [Test]
    public void After_an_add_every_pair_of_members_agrees_on_every_chain()
    {
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        EveryoneReadsEveryone(p, "before");
        p.SendMany("alice", "alice again ", 2).ForEach(m => p.DeliverToAll(m));
        string sessionId = p["alice"].Session.SessionId;

        Wire.GroupUpdateKeyBundle bundle = p.Add("alice", NowMs, "dave");

        bundle.Adding.Should().BeTrue();
        bundle.Sequence.Should().Be(3u, "the inviter's pre-add position");
        p.LastMemberBundles.Should().HaveCount(2).And.OnlyContain(b => !b.Adding && b.Sequence == 1u);
        p.Members.Should().OnlyContain(m => m.Session.SessionId == sessionId, "an add keeps the session id (REFERENCE-BEHAVIOUR §41)");
        p.Members.Should().OnlyContain(m => m.Session.OwnChain.Index == 0u, "all sequences reset to 0");
        AllChainsAgree(p, "every member re-derives every chain the same way");
    }

    [Test]
    public void After_an_add_messages_from_every_member_decrypt_at_every_other_member()
    {
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        EveryoneReadsEveryone(p, "before");

        p.Add("bob", NowMs, "dave");

        EveryoneReadsEveryone(p, "after", NowMs + 1);
        EveryoneReadsEveryone(p, "again", NowMs + 2);
        AllChainsAgree(p, "everything was delivered");
    }

    [Test]
    public void The_newcomer_cannot_decrypt_any_message_sent_before_it_joined()
    {
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        var before = new List<Wire.E2eeMsg>();
        foreach (string sender in new[] { "alice", "bob", "carol" })
        {
            before.AddRange(p.SendMany(sender, $"{sender} before ", 2));
        }

        before.ForEach(m => p.DeliverToAll(m));

        p.Add("alice", NowMs, "dave");

        foreach (Wire.E2eeMsg m in before)
        {
            RejectsUnchanged(p, "dave", m, null);
            SessionRejectsUnchanged(p["dave"].Session, m, null);
        }

        EveryoneReadsEveryone(p, "after");
    }

    [Test]
    public void Adding_two_newcomers_at_once_gives_each_the_welcome_chain_of_its_place_in_the_list()
    {
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        EveryoneReadsEveryone(p, "before");
        ChainKey inviterBefore = p["alice"].Session.OwnChain;

        Wire.GroupUpdateKeyBundle bundle = p.Add("alice", NowMs, "dave", "erin");

        bundle.AddingMemberInfoList.Select(i => GroupMember.FromWire(i).Key).Should().Equal(p["dave"].Key, p["erin"].Key);
        ChainKey dave = GroupChainDerivation.Welcome(inviterBefore);
        ChainKey erin = GroupChainDerivation.Welcome(GroupChainDerivation.Add(dave));
        p["dave"].Session.OwnChain.Should().Be(dave);
        p["erin"].Session.OwnChain.Should().Be(erin);
        p["alice"].Session.OwnChain.Should().Be(GroupChainDerivation.Add(erin));
        p["bob"].Session.OwnChain.Should().Be(GroupChainDerivation.Add(ChainKey.Create(0, p.LastMemberBundles[0].ChainKey.Span)));
        AllChainsAgree(p, "the newcomers are taken in list order everywhere");
        EveryoneReadsEveryone(p, "after");
    }

    [Test]
    public void Applying_an_add_with_the_newcomers_in_another_order_than_the_inviter_gives_chains_that_disagree()
    {
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        GroupSession bobBefore = p["bob"].Session;
        GroupMember dave = p.Device("dave").Member;
        GroupMember erin = p.Device("erin").Member;

        (GroupSession inviter, Wire.GroupUpdateKeyBundle bundle) = GroupSessionAdd.AddAsInviter(p["alice"].Session, [dave, erin], GroupParty.GroupInfo, NowMs);
        (GroupSession inOrder, _) = GroupSessionAdd.ApplyAsMember(bobBefore, p["alice"].Address, bundle.Sequence, [dave, erin], GroupParty.GroupInfo, NowMs);
        (GroupSession reversed, _) = GroupSessionAdd.ApplyAsMember(bobBefore, p["alice"].Address, bundle.Sequence, [erin, dave], GroupParty.GroupInfo, NowMs);

        inOrder.Receivers[p["alice"].Key].Current.Chain.Should().Be(inviter.OwnChain);
        inOrder.Receivers[dave.Key].Current.Chain.Should().Be(inviter.Receivers[dave.Key].Current.Chain);
        reversed.Receivers[dave.Key].Current.Chain.Should().NotBe(inviter.Receivers[dave.Key].Current.Chain, "the list order is part of the derivation");
        reversed.Receivers[p["alice"].Key].Current.Chain.Should().Be(inviter.OwnChain, "the inviter's final chain is reached either way");
    }

    [Test]
    public void An_add_whose_inviter_sequence_is_behind_our_position_fails_with_BadGroupBundle_and_changes_nothing()
    {
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        p.SendMany("alice", "m", 3).ForEach(m => p.DeliverToAll(m));
        GroupSession bob = p["bob"].Session;
        string dump = GroupStateDump.Of(bob);
        GroupMember dave = p.Device("dave").Member;

        Rejects(() => GroupSessionAdd.ApplyAsMember(bob, p["alice"].Address, 2, [dave], GroupParty.GroupInfo, NowMs), ProtocolErrorCode.BadGroupBundle);
        Rejects(() => GroupSessionAdd.ApplyAsMember(bob, p.Device("mallory").Address, 3, [dave], GroupParty.GroupInfo, NowMs), ProtocolErrorCode.NotAMember);
        Rejects(() => GroupSessionAdd.ApplyAsMember(bob, p["alice"].Address, 3, [p["carol"].Member], GroupParty.GroupInfo, NowMs), ProtocolErrorCode.BadGroupBundle);

        GroupStateDump.Of(bob).Should().Be(dump);
    }

    [Test]
    public void An_add_that_names_no_new_member_fails_with_MalformedMessage_and_changes_nothing()
    {
        // Found by the hostile-server fuzz test (Integration.Tests, CsCheck seed 6QSq0as3d9n1): an AddGroupMembersMsg
        // with an empty member list used to throw ArgumentException, the channel for caller mistakes.
        GroupParty p = Group(Label(), "alice", "bob");
        GroupSession bob = p["bob"].Session;
        string dump = GroupStateDump.Of(bob);

        Rejects(() => GroupSessionAdd.ApplyAsMember(bob, p["alice"].Address, 0, [], GroupParty.GroupInfo, NowMs), ProtocolErrorCode.MalformedMessage);

        GroupStateDump.Of(bob).Should().Be(dump);
    }

    [Test]
    public void A_members_new_device_joins_by_the_add_mechanism_and_cannot_read_what_came_before()
    {
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        List<Wire.E2eeMsg> before = p.SendMany("bob", "before ", 2);
        before.ForEach(m => p.DeliverToAll(m));

        p.Add("alice", NowMs, "alice/dev2");

        p["alice/dev2"].Key.Should().NotBe(p["alice"].Key);
        p["alice/dev2"].Member.SignPublicKey.Should().NotEqual(p["alice"].Member.SignPublicKey, "a device has its own identity key");
        AllChainsAgree(p, "the new device is added like any member (renew_group_sessions_with_new_device)");
        foreach (Wire.E2eeMsg m in before)
        {
            RejectsUnchanged(p, "alice/dev2", m, null);
        }

        EveryoneReadsEveryone(p, "after");
    }

    [Test]
    public void An_add_by_an_inviter_whose_chain_is_exhausted_is_either_refused_by_the_inviter_or_joinable_by_the_newcomer()
    {
        GroupParty p = Group(Label(), "alice", "bob");
        p.LoseSends("alice", ProtocolLimits.MaxMessagesPerChain);
        GroupSession alice = p["alice"].Session;
        Rejects(() => alice.Encrypt(p["alice"].Account, "x"u8, p.Random), ProtocolErrorCode.ChainLimitReached);
        GroupParty.MemberDevice dave = p.Device("dave");

        GroupSession inviterAfter;
        Wire.GroupUpdateKeyBundle bundle;
        try
        {
            (inviterAfter, bundle) = GroupSessionAdd.AddAsInviter(alice, [dave.Member], GroupParty.GroupInfo, NowMs);
        }
        catch (ProtocolException refused)
        {
            refused.Code.Should().Be(ProtocolErrorCode.ChainLimitReached);
            return;
        }

        // The inviter committed to the add (its chain is reset); the newcomer must then be able to join.
        inviterAfter.OwnChain.Index.Should().Be(0u);
        ((Action)(() => GroupSessionAdd.JoinFromInviter(dave.Account, dave.Address, bundle)))
            .Should().NotThrow("the inviter accepted an add at sequence {0}, so the bundle it produced must be joinable", bundle.Sequence);
    }

    // ------------------------------------------------------------------------------------------ documented design property

    [Test]
    public void A_pre_add_chain_key_together_with_the_add_position_yields_the_post_add_chain_by_design_of_fact_41()
    {
        // REFERENCE-BEHAVIOUR §41: welcome and add are HKDFs of the pre-add chain key alone; no fresh secret enters. So whoever
        // holds a member's chain key from before an add (e.g. from a compromised receiver) and sees the add position (the
        // unauthenticated sequence of AddGroupMembersMsg) derives every post-add chain: an add brings no post-compromise
        // security, only a removal (new seed, REFERENCE-BEHAVIOUR §40) does.
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        EveryoneReadsEveryone(p, "before");
        p.Send("alice", "not delivered");

        // What an attacker copied out of carol's state before the add.
        ChainKey stolenAlice = p["carol"].Session.Receivers[p["alice"].Key].Current.Chain;
        ChainKey stolenBob = p["carol"].Session.Receivers[p["bob"].Key].Current.Chain;
        byte[] aliceSign = p["alice"].Member.SignPublicKey;
        byte[] bobSign = p["bob"].Member.SignPublicKey;
        byte[] daveSign = p.Device("dave").Member.SignPublicKey;

        Wire.GroupUpdateKeyBundle bundle = p.Add("alice", NowMs, "dave");
        Wire.E2eeMsg fromAlice = p.Send("alice", "alice after the add");
        Wire.E2eeMsg fromBob = p.Send("bob", "bob after the add");
        Wire.E2eeMsg fromDave = p.Send("dave", "dave after the add");

        ChainKey aliceAt = stolenAlice;
        while (aliceAt.Index < bundle.Sequence)
        {
            aliceAt = aliceAt.Next();
        }

        (IReadOnlyList<ChainKey> newcomers, ChainKey aliceAfter) = GroupChainDerivation.WelcomeAndAdd(aliceAt, 1);
        ChainKey bobAfter = GroupChainDerivation.Add(stolenBob);

        aliceAfter.Next().Should().Be(p["alice"].Session.OwnChain, "the attacker's alice chain is alice's own (she has sent one message since)");
        bobAfter.Next().Should().Be(p["bob"].Session.OwnChain);
        newcomers[0].Next().Should().Be(p["dave"].Session.OwnChain);
        string Read(ChainKey chain, byte[] sign, Wire.E2eeMsg m) =>
            Encoding.UTF8.GetString(GroupChainState.Start(chain).Decrypt(m.GroupMsg.Sequence, GroupSession.AssociatedData(sign), m.GroupMsg.Ciphertext.Span).Text);

        Read(aliceAfter, aliceSign, fromAlice).Should().Be("alice after the add");
        Read(bobAfter, bobSign, fromBob).Should().Be("bob after the add");
        Read(newcomers[0], daveSign, fromDave).Should().Be("dave after the add");
    }
}
