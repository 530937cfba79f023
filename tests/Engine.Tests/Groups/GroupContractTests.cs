using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;
using E2eeConformance.Engine.Tests.Support;
using E2eeConformance.TestSupport;
using static E2eeConformance.Engine.Tests.Support.Tamper;

namespace E2eeConformance.Engine.Tests.Groups;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// The group session contract, run over every suite except SLH-DSA (seed 000 §Group message; REFERENCE-BEHAVIOUR §35–41):
/// creation from a seed, sending and receiving (in order, out of order, replays, the chain limits), typed failures
/// with compute-then-commit (the state dump before equals the dump after, and the genuine message still decrypts),
/// removal and leave (a new seed; the old session retired for <see cref="ProtocolLimits.RetiredGroupSessionGrace"/>),
/// and adds (the welcome/add derivations; retired chain positions for messages still in flight).
/// </summary>
[TestFixtureSource(nameof(Suites))]
public sealed class GroupContractTests(string suiteName) : CipherSuiteFixture(suiteName)
{
    public static readonly string[] Suites = ["pqc", "ecc", "mlkem512-mldsa44", "mlkem768-mldsa65"];

    private const long NowMs = GroupParty.NowMs;

    private static readonly long GraceMs = (long)ProtocolLimits.RetiredGroupSessionGrace.TotalMilliseconds;


    private GroupParty Group(string label, params string[] names) => GroupParty.Create(Suite, label, names);

    private static string Label([System.Runtime.CompilerServices.CallerMemberName] string test = "") => test;

    /// <summary>
    /// Asserts that <paramref name="receiver"/> rejects <paramref name="message"/> with <paramref name="code"/> (any
    /// <see cref="ProtocolException"/> when null) through <see cref="GroupState.Decrypt"/>, and that its state is
    /// byte-for-byte what it was (compute, then commit).
    /// </summary>
    private static ProtocolException RejectsUnchanged(GroupParty p, string receiver, Wire.E2eeMsg message, ProtocolErrorCode? code, long nowMs = NowMs)
    {
        GroupState before = p[receiver].State;
        string dump = GroupStateDump.Of(before);
        ProtocolException e = code is { } c
            ? Rejects(() => p.Receive(receiver, message, nowMs), c)
            : ((Action)(() => p.Receive(receiver, message, nowMs))).Should().Throw<ProtocolException>().Which;
        p[receiver].State.Should().BeSameAs(before, "a failed decrypt commits nothing");
        GroupStateDump.Of(before).Should().Be(dump, "a failed decrypt must leave the state unchanged ({0})", e.Message);
        return e;
    }

    /// <summary>As <see cref="RejectsUnchanged"/>, on a bare <see cref="GroupSession"/>.</summary>
    private static ProtocolException SessionRejectsUnchanged(GroupSession session, Wire.E2eeMsg message, ProtocolErrorCode? code)
    {
        string dump = GroupStateDump.Of(session);
        ProtocolException e = code is { } c
            ? Rejects(() => session.Decrypt(message), c)
            : ((Action)(() => session.Decrypt(message))).Should().Throw<ProtocolException>().Which;
        GroupStateDump.Of(session).Should().Be(dump, "a failed decrypt must leave the session unchanged ({0})", e.Message);
        return e;
    }

    private static void AllChainsAgree(GroupParty p, string because) =>
        p.ChainDisagreements().Should().BeEmpty(because);

    /// <summary>Every member sends one message and every other member decrypts it, naming the right sender.</summary>
    private static void EveryoneReadsEveryone(GroupParty p, string prefix, long nowMs = NowMs)
    {
        foreach (GroupParty.MemberDevice sender in p.Members.ToList())
        {
            string text = $"{prefix} from {sender.Name}";
            Wire.E2eeMsg message = p.Send(sender.Name, text);
            foreach (GroupParty.MemberDevice receiver in p.Members.Where(m => m != sender).ToList())
            {
                (GroupMember from, string got) = p.ReceiveFrom(receiver.Name, message, nowMs);
                got.Should().Be(text, "{0} reads {1}'s message", receiver.Name, sender.Name);
                from.Key.Should().Be(sender.Key);
                from.SignPublicKey.Should().Equal(sender.Member.SignPublicKey);
            }
        }
    }

    /// <summary>Alice sends three messages; Bob receives the third first, so he holds skipped keys 0 and 1. Returns the first.</summary>
    private GroupParty BobHoldsSkippedKeys(string label, out Wire.E2eeMsg first)
    {
        GroupParty p = Group(label, "alice", "bob", "carol");
        List<Wire.E2eeMsg> sent = p.SendMany("alice", "m", 3);
        p.Receive("bob", sent[2]).Should().Be("m2");
        p["bob"].Session.Receivers[p["alice"].Key].Current.SkippedKeys.Keys.Should().Equal(0u, 1u);
        first = sent[0];
        return p;
    }

    // ------------------------------------------------------------------------------------------ creation

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

    // ------------------------------------------------------------------------------------------ out of order, replay, limits

    [Test]
    public void Six_messages_delivered_as_6_1_4_2_5_3_all_decrypt_and_every_skipped_key_is_consumed()
    {
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        List<Wire.E2eeMsg> sent = p.SendMany("alice", "m", 6);
        int[] order = [6, 1, 4, 2, 5, 3];
        int[] skippedAfter = [5, 4, 3, 2, 1, 0];

        for (int i = 0; i < order.Length; i++)
        {
            int n = order[i] - 1;
            p.Receive("bob", sent[n]).Should().Be($"m{n}");
            GroupChainState chain = p["bob"].Session.Receivers[p["alice"].Key].Current;
            chain.SkippedKeys.Should().HaveCount(skippedAfter[i], "after message {0}", order[i]);
            chain.Chain.Index.Should().Be(6u);
        }

        foreach (Wire.E2eeMsg m in sent)
        {
            p.Receive("carol", m);
        }

        AllChainsAgree(p, "both receivers consumed all six keys");
    }

    [Test]
    public void Replaying_a_delivered_group_message_fails_with_Replay_and_leaves_the_state_unchanged()
    {
        GroupParty p = Group(Label(), "alice", "bob");
        List<Wire.E2eeMsg> sent = p.SendMany("alice", "m", 3);
        p.Receive("bob", sent[0]);
        p.Receive("bob", sent[2]);

        RejectsUnchanged(p, "bob", sent[0], ProtocolErrorCode.Replay);
        RejectsUnchanged(p, "bob", sent[2], ProtocolErrorCode.Replay);
        p.Receive("bob", sent[1]).Should().Be("m1");
        RejectsUnchanged(p, "bob", sent[1], ProtocolErrorCode.Replay);
        RejectsUnchanged(p, "bob", sent[1].Clone(), ProtocolErrorCode.Replay);
    }

    [Test]
    public void A_payload_sequence_of_512_or_more_fails_with_ChainLimitExceeded_and_leaves_the_state_unchanged()
    {
        GroupParty p = BobHoldsSkippedKeys(Label(), out Wire.E2eeMsg first);

        // The sequence is not signed (REFERENCE-BEHAVIOUR §38): the signature still verifies, the bound check rejects.
        RejectsUnchanged(p, "bob", Copy(first, m => m.GroupMsg.Sequence = ProtocolLimits.MaxMessagesPerChain), ProtocolErrorCode.ChainLimitExceeded);
        RejectsUnchanged(p, "bob", Copy(first, m => m.GroupMsg.Sequence = uint.MaxValue), ProtocolErrorCode.ChainLimitExceeded);
        RejectsUnchanged(p, "carol", Copy(first, m => m.GroupMsg.Sequence = ProtocolLimits.MaxMessagesPerChain), ProtocolErrorCode.ChainLimitExceeded);

        p.Receive("bob", first).Should().Be("m0");
        p.Receive("carol", first).Should().Be("m0");
    }

    [Test]
    public void A_forward_jump_of_511_keys_decrypts_and_the_skipped_message_decrypts_afterwards()
    {
        // A jump of MaxForwardJump (512) cannot happen: sequences are below 512 and a receiving chain starts at 0.
        GroupParty p = Group(Label(), "alice", "bob");
        Wire.E2eeMsg m0 = p.Send("alice", "first");
        p.LoseSends("alice", ProtocolLimits.MaxMessagesPerChain - 2);
        Wire.E2eeMsg last = p.Send("alice", "last");
        last.GroupMsg.Sequence.Should().Be((uint)ProtocolLimits.MaxMessagesPerChain - 1);

        p.Receive("bob", last).Should().Be("last");
        GroupChainState chain = p["bob"].Session.Receivers[p["alice"].Key].Current;
        chain.SkippedKeys.Should().HaveCount(ProtocolLimits.MaxMessagesPerChain - 1);
        chain.Chain.Index.Should().Be(ProtocolLimits.MaxMessagesPerChain);

        p.Receive("bob", m0).Should().Be("first");
        p["bob"].Session.Receivers[p["alice"].Key].Current.SkippedKeys.Should().HaveCount(ProtocolLimits.MaxMessagesPerChain - 2);
        RejectsUnchanged(p, "bob", last, ProtocolErrorCode.Replay);
    }

    [Test]
    public void The_512th_message_of_a_sender_encrypts_and_the_513th_fails_with_ChainLimitReached()
    {
        GroupParty p = Group(Label(), "alice", "bob");
        Wire.E2eeMsg m0 = p.Send("alice", "first");
        p.LoseSends("alice", ProtocolLimits.MaxMessagesPerChain - 2);

        Wire.E2eeMsg m511 = p.Send("alice", "the 512th");
        m511.GroupMsg.Sequence.Should().Be(511u);
        GroupSession exhausted = p["alice"].Session;
        string dump = GroupStateDump.Of(exhausted);

        Rejects(() => exhausted.Encrypt(p["alice"].Account, "the 513th"u8, p.Random), ProtocolErrorCode.ChainLimitReached);

        GroupStateDump.Of(exhausted).Should().Be(dump);
        p.Receive("bob", m511).Should().Be("the 512th");
        p.Receive("bob", m0).Should().Be("first");
    }

    [Test]
    public void After_512_real_messages_from_one_sender_the_513th_fails_with_ChainLimitReached()
    {
        GroupParty p = Group(Label(), "alice", "bob");
        List<Wire.E2eeMsg> sent = p.SendMany("alice", "m", ProtocolLimits.MaxMessagesPerChain);
        Rejects(() => p.Send("alice", "one too many"), ProtocolErrorCode.ChainLimitReached);

        p.Receive("bob", sent[^1]).Should().Be("m511");
        p.Receive("bob", sent[0]).Should().Be("m0");
        p.Receive("bob", sent[256]).Should().Be("m256");
    }

    // ------------------------------------------------------------------------------------------ typed failures, state unchanged

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

    // ------------------------------------------------------------------------------------------ removal and leave

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
        RejectsUnchanged(p, "carol", fromDave, ProtocolErrorCode.NotAMember, NowMs + (GraceMs / 2));
        p.Receive("carol", fromBob[1], NowMs + GraceMs).Should().Be("bob before 1", "the grace is inclusive at its end");

        RejectsUnchanged(p, "alice", fromBob[1], ProtocolErrorCode.UnknownGroupSession, NowMs + GraceMs + 1);
        RejectsUnchanged(p, "carol", fromBob[0], ProtocolErrorCode.UnknownGroupSession, NowMs + GraceMs + 1);
        p.Receive("alice", fromBob[1], NowMs + GraceMs).Should().Be("bob before 1", "the failed late attempt committed nothing");
    }

    [Test]
    public void A_removed_member_cannot_send_into_the_retired_session_even_during_the_grace()
    {
        // The retired session cannot tell a message the removed member sent before the removal (in flight) from one it
        // made after, so it keeps no chain for removed members at all: their in-flight messages are lost, by choice.
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        p.Remove("alice", NowMs, "carol");
        Wire.E2eeMsg late = p.Send("carol", "made after my removal");

        RejectsUnchanged(p, "bob", late, ProtocolErrorCode.NotAMember, NowMs + 1000);
        RejectsUnchanged(p, "alice", late, ProtocolErrorCode.NotAMember, NowMs + 1000);
        RejectsUnchanged(p, "alice", late, ProtocolErrorCode.UnknownGroupSession, NowMs + GraceMs + 1);
    }

    [Test]
    public void Only_the_two_most_recent_retired_sessions_are_kept_even_within_the_grace()
    {
        GroupParty p = Group(Label(), "alice", "bob", "carol", "dave", "erin");
        Wire.E2eeMsg inFirst = p.Send("bob", "first session");
        p.Remove("alice", NowMs, "erin");
        Wire.E2eeMsg inSecond = p.Send("bob", "second session");
        p.Remove("alice", NowMs + 1, "dave");
        Wire.E2eeMsg inThird = p.Send("bob", "third session");
        p.Remove("alice", NowMs + 2, "carol");

        p["alice"].State.Retired.Should().HaveCount(ProtocolLimits.MaxRetiredGroupSessions);
        RejectsUnchanged(p, "alice", inFirst, ProtocolErrorCode.UnknownGroupSession, NowMs + 3);
        p.Receive("alice", inSecond, NowMs + 3).Should().Be("second session");
        p.Receive("alice", inThird, NowMs + 3).Should().Be("third session");
        EveryoneReadsEveryone(p, "fourth session", NowMs + 4);
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

    // ------------------------------------------------------------------------------------------ add

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
    public void A_message_the_inviter_sent_before_the_add_and_delivered_after_it_decrypts_at_the_other_existing_members()
    {
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        List<Wire.E2eeMsg> before = p.SendMany("alice", "before ", 3);
        p.Receive("bob", before[0]);

        p.Add("alice", NowMs, "dave");
        Wire.E2eeMsg after = p.Send("alice", "after");

        p.Receive("bob", after, NowMs + 1).Should().Be("after");
        p.Receive("bob", before[2], NowMs + 2).Should().Be("before 2", "the retired position keeps the inviter's skipped keys");
        p.Receive("carol", before[1], NowMs + 3).Should().Be("before 1");
        p.Receive("carol", after, NowMs + 4).Should().Be("after");
        p.Receive("carol", before[0], NowMs + GraceMs).Should().Be("before 0");
        p.Receive("carol", before[2], NowMs + GraceMs).Should().Be("before 2");
        p.Receive("dave", after, NowMs + 5).Should().Be("after");
        RejectsUnchanged(p, "bob", before[1], ProtocolErrorCode.BadTag, NowMs + GraceMs + 1);

        AllChainsAgree(p, "the inviter's chain was fast-forwarded to its add position");
        EveryoneReadsEveryone(p, "later", NowMs + GraceMs + 2);
    }

    [Test]
    public void A_message_another_member_sent_before_the_add_and_delivered_after_it_decrypts_at_the_other_existing_members()
    {
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        List<Wire.E2eeMsg> before = p.SendMany("bob", "bob before ", 2);
        p.Receive("carol", before[0]);

        p.Add("alice", NowMs, "dave");

        p.Receive("carol", before[1], NowMs + 1).Should().Be("bob before 1", "carol's pre-add position for bob is retired, not dropped");
        p.Receive("alice", before[1], NowMs + 1).Should().Be("bob before 1");
        p.Receive("alice", before[0], NowMs + GraceMs).Should().Be("bob before 0");
    }

    [Test]
    public void Replaying_a_pre_add_message_after_the_add_is_rejected_as_replay_because_the_retired_chain_recognises_its_ciphertext()
    {
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        List<Wire.E2eeMsg> before = p.SendMany("bob", "bob before ", 2);
        p.Receive("carol", before[0]);
        RejectsUnchanged(p, "carol", before[0], ProtocolErrorCode.Replay);

        p.Add("alice", NowMs, "dave");
        p.Receive("carol", before[1], NowMs + 1).Should().Be("bob before 1");

        // Sequences restart at 0 after an add (REFERENCE-BEHAVIOUR §41), so "index 0 of bob's chain" is ambiguous by
        // position: on the current chain it fails as a bad tag. The retired chain remembers the fingerprint of each
        // ciphertext it decrypted, so the very same message is recognised as a replay; nothing changes either way.
        RejectsUnchanged(p, "carol", before[0], ProtocolErrorCode.Replay, NowMs + 2);
        RejectsUnchanged(p, "carol", before[1], ProtocolErrorCode.Replay, NowMs + 2);
    }

    [Test]
    public void After_an_add_during_which_a_members_message_was_in_flight_that_members_later_messages_still_decrypt_everywhere()
    {
        // Bob's second message is still on its way to carol (and alice) when alice adds dave. Each existing member
        // replaces its copy of bob's chain by add(its copy at its own position) (REFERENCE-BEHAVIOUR §41); bob and dave use
        // add(bob's chain at bob's position). Unless the positions are reconciled, bob's post-add messages cannot be
        // read by carol or alice.
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        List<Wire.E2eeMsg> before = p.SendMany("bob", "bob before ", 2);
        p.Receive("carol", before[0]);
        p.Receive("alice", before[0]);

        p.Add("alice", NowMs, "dave");
        p.Receive("carol", before[1], NowMs + 1).Should().Be("bob before 1");
        p.Receive("alice", before[1], NowMs + 1).Should().Be("bob before 1");
        Wire.E2eeMsg after = p.Send("bob", "bob after the add");

        p.Receive("dave", after, NowMs + 2).Should().Be("bob after the add");
        ((Action)(() => p.Receive("carol", after, NowMs + 2))).Should().NotThrow("bob is still a member and carol got every message he sent");
        ((Action)(() => p.Receive("alice", after, NowMs + 2))).Should().NotThrow("bob is still a member and alice got every message he sent");
        AllChainsAgree(p, "every message was delivered in the end");
    }

    [Test]
    public void A_post_add_message_that_overtakes_a_members_pre_add_messages_still_decrypts_and_so_do_the_overtaken_ones()
    {
        // Carol has received only the first of bob's three pre-add messages when alice adds dave, and bob's first
        // post-add message arrives before the other two: carol finds bob's add position by trial (bounded by the jump
        // limit) and keeps the keys of the overtaken messages.
        GroupParty p = Group(Label(), "alice", "bob", "carol");
        List<Wire.E2eeMsg> before = p.SendMany("bob", "bob before ", 3);
        p.Receive("carol", before[0]);
        p.Receive("alice", before[0]);
        p.Receive("alice", before[1]);
        p.Receive("alice", before[2]);

        p.Add("alice", NowMs, "dave");
        Wire.E2eeMsg after = p.Send("bob", "bob after the add");

        p.Receive("carol", after, NowMs + 1).Should().Be("bob after the add");
        p.Receive("carol", before[2], NowMs + 2).Should().Be("bob before 2");
        p.Receive("carol", before[1], NowMs + 3).Should().Be("bob before 1");
        p.Receive("alice", after, NowMs + 4).Should().Be("bob after the add");
        p.Receive("dave", after, NowMs + 5).Should().Be("bob after the add");
        RejectsUnchanged(p, "carol", before[1], ProtocolErrorCode.Replay, NowMs + 6); // the retired chain recognises the ciphertext it read
        AllChainsAgree(p, "carol re-derived bob's chain from his real add position");
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
