using System.Security.Cryptography;
using System.Text;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Tests.Support;

namespace E2eeConformance.Engine.Tests.Groups;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// Group creation from a seed (REFERENCE-BEHAVIOUR §35–38): every member derives every member's chain, a message from
/// any member decrypts at every other member and names its sender, and the message is AES-GCM under the chain's key
/// with a signature over the ciphertext.
/// </summary>
[TestFixtureSource(typeof(GroupContractFixture), nameof(GroupContractFixture.Suites))]
public sealed class GroupCreationContractTests(string suiteName) : GroupContractFixture(suiteName)
{
    [Test]
    public void Creation_gives_every_member_the_same_chain_for_every_other_member()
    {
        GroupParty p = Group(Label(), "alice", "bob", "carol", "dave");

        p.Members.Select(m => m.Session.SessionId).Distinct().Should().ContainSingle("everyone builds the session the creator named");
        p.CreationBundle.SessionId.Should().Be(p["alice"].Session.SessionId);
        p.CreationBundle.OldSessionId.Should().BeEmpty();
        p.CreationBundle.Sequence.Should().Be(0u);
        p.CreationBundle.GroupSeed.Length.Should().Be(ProtocolLimits.GroupSeedLength);
        foreach (GroupParty.MemberDevice m in p.Members)
        {
            m.Session.OwnChain.Index.Should().Be(0u);
            m.Session.Receivers.Should().HaveCount(3);
            m.Session.Receivers.Values.Should().OnlyContain(r => r.Current.SkippedKeys.IsEmpty && r.Retired.IsEmpty);
        }

        AllChainsAgree(p, "every member derives every member's chain from the same seed (REFERENCE-BEHAVIOUR §36)");
        p.Members.Select(m => Convert.ToHexStringLower(m.Session.OwnChain.Key)).Distinct().Should().HaveCount(4, "each member's chain depends on its own sign key");
    }

    [Test]
    public void Every_members_chain_is_the_HKDF_of_the_seed_and_its_sign_public_key_as_fact_36_says()
    {
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        byte[] seed = p.CreationBundle.GroupSeed.ToByteArray();

        foreach (GroupParty.MemberDevice m in p.Members)
        {
            byte[] ikm = [.. seed, .. m.Account.Identity.Sign.PublicKey];
            byte[] expected = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 32, salt: new byte[32], info: "ROOT"u8.ToArray());
            m.Session.OwnChain.Key.ToArray().Should().Equal(expected, "CK_{0} = HKDF(seed ‖ sign pk, 0^32, \"ROOT\", 32)", m.Name);
            m.Account.Identity.Sign.PublicKey.Length.Should().Be(Suite.Signature.PublicKeyLength);
        }
    }

    [Test]
    public void A_message_from_every_member_decrypts_at_every_other_member_and_names_its_sender()
    {
        GroupParty p = Group(Label(), "alice", "bob", "carol", "dave");

        EveryoneReadsEveryone(p, "hello");
        EveryoneReadsEveryone(p, "again");

        AllChainsAgree(p, "every message was delivered everywhere");
        p.Members.Should().OnlyContain(m => m.Session.OwnChain.Index == 2u);
    }

    [Test]
    public void A_group_message_is_the_raw_text_under_AES_GCM_with_a_signature_over_the_ciphertext_only()
    {
        GroupParty p = Group(Label(), "alice", "bob");
        byte[] text = Encoding.UTF8.GetBytes("no Plaintext wrapper");
        GroupSession before = p["alice"].Session;

        Wire.E2eeMsg first = p.Send("alice", "no Plaintext wrapper");
        Wire.E2eeMsg second = p.Send("alice", "second");

        first.PayloadCase.Should().Be(Wire.E2eeMsg.PayloadOneofCase.GroupMsg);
        first.To.Should().Be(GroupParty.GroupAddress);
        first.From.Should().Be(p["alice"].Address);
        first.SessionId.Should().Be(before.SessionId);
        first.GroupMsg.Sequence.Should().Be(0u);
        second.GroupMsg.Sequence.Should().Be(1u);
        first.MsgId.Should().NotBe(second.MsgId);
        first.GroupMsg.Ciphertext.Length.Should().Be(text.Length + 16, "AES-GCM of the raw bytes plus a 16-byte tag (REFERENCE-BEHAVIOUR §38)");
        first.GroupMsg.Signature.Length.Should().Be(Suite.Signature.SignatureLength);
        Suite.Signature.Verify(p["alice"].Member.SignPublicKey, first.GroupMsg.Ciphertext.Span, first.GroupMsg.Signature.Span)
            .Should().BeTrue("the signature covers ciphertext ‖ tag only");

        using MessageKey mk = before.OwnChain.MessageKey();
        AesGcm16.Decrypt(mk, GroupSession.AssociatedData(p["alice"].Member.SignPublicKey), first.GroupMsg.Ciphertext.Span)
            .Should().Equal(text, "AD = sender sign key twice (REFERENCE-BEHAVIOUR §37)");
    }

    [Test]
    public void A_successful_decrypt_changes_the_state_dump_so_the_dump_sees_chain_moves()
    {
        GroupParty p = Group(Label(), "alice", "bob");
        Wire.E2eeMsg m0 = p.Send("alice", "zero");
        Wire.E2eeMsg m1 = p.Send("alice", "one");
        string fresh = GroupStateDump.Of(p["bob"].State);

        p.Receive("bob", m1);
        string skipped = GroupStateDump.Of(p["bob"].State);
        p.Receive("bob", m0);

        skipped.Should().NotBe(fresh);
        skipped.Should().Contain("skipped[0]=");
        GroupStateDump.Of(p["bob"].State).Should().NotBe(skipped).And.NotBe(fresh);
    }
}
