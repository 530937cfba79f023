using Google.Protobuf;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;
using E2eeConformance.Engine.Tests.Support;
using static E2eeConformance.Engine.Tests.Support.Tamper;

namespace E2eeConformance.Engine.Tests.Groups;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// Typed failures with compute-then-commit: a tampered signature or ciphertext, an unknown session, another group, an
/// outsider and a missing payload each fail with their own code, the state is unchanged, and the genuine message
/// still decrypts.
/// </summary>
[TestFixtureSource(typeof(GroupContractFixture), nameof(GroupContractFixture.Suites))]
public sealed class GroupRejectionContractTests(string suiteName) : GroupContractFixture(suiteName)
{
    [Test]
    public void A_flipped_bit_in_the_signature_fails_with_BadSignature_and_the_genuine_message_still_decrypts()
    {
        GroupParty p = BobHoldsSkippedKeys(Label(), out Wire.E2eeMsg first);

        RejectsUnchanged(p, "bob", Copy(first, m => m.GroupMsg.Signature = FlipBit(m.GroupMsg.Signature, 0)), ProtocolErrorCode.BadSignature);
        RejectsUnchanged(p, "bob", Copy(first, m => m.GroupMsg.Signature = FlipBit(m.GroupMsg.Signature, m.GroupMsg.Signature.Length - 1, 7)), ProtocolErrorCode.BadSignature);
        RejectsUnchanged(p, "bob", Copy(first, m => m.GroupMsg.Signature = Resize(m.GroupMsg.Signature, -1)), ProtocolErrorCode.BadSignature);
        RejectsUnchanged(p, "bob", Copy(first, m => m.GroupMsg.Signature = ByteString.Empty), ProtocolErrorCode.BadSignature);
        RejectsUnchanged(p, "carol", Copy(first, m => m.GroupMsg.Signature = FlipBit(m.GroupMsg.Signature, 3, 2)), ProtocolErrorCode.BadSignature);

        p.Receive("bob", first).Should().Be("m0");
        p.Receive("carol", first).Should().Be("m0");
    }

    [Test]
    public void A_tampered_ciphertext_fails_the_signature_check_first_with_BadSignature()
    {
        GroupParty p = BobHoldsSkippedKeys(Label(), out Wire.E2eeMsg first);

        RejectsUnchanged(p, "bob", Copy(first, m => m.GroupMsg.Ciphertext = FlipBit(m.GroupMsg.Ciphertext, 0)), ProtocolErrorCode.BadSignature);
        RejectsUnchanged(p, "bob", Copy(first, m => m.GroupMsg.Ciphertext = FlipBit(m.GroupMsg.Ciphertext, m.GroupMsg.Ciphertext.Length - 1, 7)), ProtocolErrorCode.BadSignature);
        RejectsUnchanged(p, "bob", Copy(first, m => m.GroupMsg.Ciphertext = Resize(m.GroupMsg.Ciphertext, -1)), ProtocolErrorCode.BadSignature);

        p.Receive("bob", first).Should().Be("m0");
    }

    [Test]
    public void A_tampered_ciphertext_re_signed_by_the_real_sender_fails_with_BadTag_and_the_genuine_message_still_decrypts()
    {
        GroupParty p = BobHoldsSkippedKeys(Label(), out Wire.E2eeMsg first);
        Account alice = p["alice"].Account;
        Wire.E2eeMsg ReSigned(ByteString ciphertext) => Copy(first, m =>
        {
            m.GroupMsg.Ciphertext = ciphertext;
            m.GroupMsg.Signature = ByteString.CopyFrom(Suite.Signature.Sign(alice.Identity.Sign.PrivateKey.Span, ciphertext.Span, p.Random));
        });

        RejectsUnchanged(p, "bob", ReSigned(FlipBit(first.GroupMsg.Ciphertext, 0)), ProtocolErrorCode.BadTag);
        RejectsUnchanged(p, "bob", ReSigned(FlipBit(first.GroupMsg.Ciphertext, first.GroupMsg.Ciphertext.Length - 1, 5)), ProtocolErrorCode.BadTag);
        RejectsUnchanged(p, "bob", ReSigned(Resize(first.GroupMsg.Ciphertext, -16)), ProtocolErrorCode.BadTag);
        RejectsUnchanged(p, "carol", ReSigned(FlipBit(first.GroupMsg.Ciphertext, 1)), ProtocolErrorCode.BadTag);

        // The sequence is unauthenticated too: the real ciphertext at another position fails the tag.
        RejectsUnchanged(p, "bob", Copy(first, m => m.GroupMsg.Sequence = 1), ProtocolErrorCode.BadTag);
        RejectsUnchanged(p, "bob", Copy(first, m => m.GroupMsg.Sequence = 7), ProtocolErrorCode.BadTag);

        p.Receive("bob", first).Should().Be("m0");
        p.Receive("carol", first).Should().Be("m0");
    }

    [Test]
    public void A_message_for_an_unknown_group_session_fails_with_UnknownGroupSession()
    {
        GroupParty p = BobHoldsSkippedKeys(Label(), out Wire.E2eeMsg first);
        Wire.E2eeMsg other = Copy(first, m => m.SessionId = "00000000-0000-4000-8000-000000000000");

        SessionRejectsUnchanged(p["bob"].Session, other, ProtocolErrorCode.UnknownGroupSession);
        SessionRejectsUnchanged(p["bob"].Session, Copy(first, m => m.SessionId = string.Empty), ProtocolErrorCode.UnknownGroupSession);
        RejectsUnchanged(p, "bob", other, ProtocolErrorCode.UnknownGroupSession);

        p.Receive("bob", first).Should().Be("m0");
    }

    [Test]
    public void A_message_addressed_to_another_group_fails_with_WrongGroup()
    {
        GroupParty p = BobHoldsSkippedKeys(Label(), out Wire.E2eeMsg first);

        RejectsUnchanged(p, "bob", Copy(first, m => m.To.Group.GroupId = "g2"), ProtocolErrorCode.WrongGroup);
        RejectsUnchanged(p, "bob", Copy(first, m => m.To.Domain = "elsewhere.org"), ProtocolErrorCode.WrongGroup);
        RejectsUnchanged(p, "bob", Copy(first, m => m.To = p["bob"].Address.Clone()), ProtocolErrorCode.WrongGroup);
        RejectsUnchanged(p, "bob", Copy(first, m => m.To = null), ProtocolErrorCode.WrongGroup);

        p.Receive("bob", first).Should().Be("m0");
    }

    [Test]
    public void A_message_from_an_outsider_signed_with_its_own_key_fails_with_NotAMember()
    {
        GroupParty p = BobHoldsSkippedKeys(Label(), out Wire.E2eeMsg first);
        GroupParty.MemberDevice mallory = p.Device("mallory");
        byte[] seed = new byte[ProtocolLimits.GroupSeedLength];
        p.Random.Fill(seed);
        GroupSession forged = GroupSession.FromSeed(
            Suite, ProtocolVersion.E2ees, p["bob"].Session.SessionId, GroupParty.GroupInfo, mallory.Member, [mallory.Member], seed);
        (_, Wire.E2eeMsg fromOutsider) = forged.Encrypt(mallory.Account, "let me in"u8, p.Random);

        fromOutsider.From.Should().Be(mallory.Address);
        RejectsUnchanged(p, "bob", fromOutsider, ProtocolErrorCode.NotAMember);
        RejectsUnchanged(p, "carol", fromOutsider, ProtocolErrorCode.NotAMember);

        // The same message claiming a member's address: that member's key does not verify it.
        RejectsUnchanged(p, "bob", Copy(fromOutsider, m => m.From = p["alice"].Address.Clone()), ProtocolErrorCode.BadSignature);
        RejectsUnchanged(p, "bob", Copy(fromOutsider, m => m.From = p["carol"].Address.Clone()), ProtocolErrorCode.BadSignature);

        p.Receive("bob", first).Should().Be("m0");
    }

    [Test]
    public void A_message_without_a_group_payload_fails_with_MissingField()
    {
        GroupParty p = BobHoldsSkippedKeys(Label(), out Wire.E2eeMsg first);

        RejectsUnchanged(p, "bob", Copy(first, m => m.ClearPayload()), ProtocolErrorCode.MissingField);
        RejectsUnchanged(p, "bob", Copy(first, m => m.One2OneMsg = new Wire.One2oneMsgPayload { Ciphertext = m.GroupMsg.Ciphertext }), ProtocolErrorCode.MissingField);
        SessionRejectsUnchanged(p["bob"].Session, Copy(first, m => m.ClearPayload()), ProtocolErrorCode.MissingField);

        p.Receive("bob", first).Should().Be("m0");
    }
}
