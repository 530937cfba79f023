using Google.Protobuf;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;
using E2eeConformance.Engine.Tests.Support;
using E2eeConformance.TestSupport;
using static E2eeConformance.Engine.Tests.Support.Tamper;

namespace E2eeConformance.Engine.Tests.Sessions;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// The one-to-one session contract, run over every suite except SLH-DSA (whose signing is too slow for a full
/// fixture; see <see cref="SlhDsaSessionTests"/>): establishment (seed 000 §PQKA; REFERENCE-BEHAVIOUR §18–24, 42), the
/// double ratchet (seed 000 §One2one message; REFERENCE-BEHAVIOUR §26–32), compute-then-commit on every failure, and each
/// <see cref="ProtocolLimits"/> bound at the bound and one past it.
/// </summary>
[TestFixtureSource(nameof(Suites))]
public sealed class SessionContractTests(string suiteName) : CipherSuiteFixture(suiteName)
{
    public static readonly string[] Suites = ["pqc", "ecc", "mlkem512-mldsa44", "mlkem768-mldsa65"];


    private TwoParties Establish(string label, bool withOneTimePreKey = true) => TwoParties.Establish(Suite, label, withOneTimePreKey);

    private static string Label([System.Runtime.CompilerServices.CallerMemberName] string test = "") => test;

    // ------------------------------------------------------------------------------------------ establishment

    [Test]
    public void Establishment_with_a_one_time_pre_key_gives_both_sides_a_working_session()
    {
        (Account alice, Account bob) = TwoParties.SharedAccounts(Suite);
        var random = new ReferenceStreamRandom(Label());
        Wire.PreKeyBundle bundle = TwoParties.BundleOf(bob, withOneTimePreKey: true);
        (AwaitingAcceptSession pending, Wire.InviteMsg invite) =
            SessionInitiator.Invite(alice, TwoParties.AliceAddress, VerifiedPreKeyBundle.Verify(bundle, Suite), random, TwoParties.NowMs);

        invite.BobOneTimePreKeyId.Should().Be(bob.OneTimePreKeys[0].Id);
        invite.PreSharedInputList.Should().HaveCount(Suite.IsEcc ? 1 : 3);
        invite.AliceIdentityKey.IsEmpty.Should().BeTrue("the client leaves alice_identity_key to the server (REFERENCE-BEHAVIOUR §20)");
        if (pending.Pending is PendingKemHandshake kem)
        {
            kem.PartialSecret.Length.Should().Be(3 * 32, "k2 ‖ k3 ‖ k4; with k1 the secret is 128 bytes");
        }

        (Account bobAfter, EstablishedSession bobSession, Wire.AcceptMsg accept) =
            SessionResponder.Accept(bob, TwoParties.BobAddress, TwoParties.AsDeliveredByServer(invite, alice), random);
        EstablishedSession aliceSession = pending.Complete(alice, accept, random);

        aliceSession.Info.SessionId.Should().Be(bobSession.Info.SessionId);
        aliceSession.Info.AssociatedData.Should().Equal(bobSession.Info.AssociatedData);
        aliceSession.Info.AssociatedData.Should().Equal([.. alice.Identity.Asym.PublicKey, .. bob.Identity.Asym.PublicKey]);
        aliceSession.Info.Fingerprint.Should().Equal(bobSession.Info.Fingerprint);
        aliceSession.Info.BobOneTimePreKeyId.Should().Be(bob.OneTimePreKeys[0].Id);
        bobSession.Info.BobOneTimePreKeyId.Should().Be(bob.OneTimePreKeys[0].Id);
        bobAfter.Should().NotBeSameAs(bob);
        AssertWorkingPair(aliceSession, bobSession, random);
    }

    [Test]
    public void Establishment_without_a_one_time_pre_key_uses_the_96_byte_secret_and_gives_both_sides_a_working_session()
    {
        (Account alice, Account bob) = TwoParties.SharedAccounts(Suite);
        var random = new ReferenceStreamRandom(Label());
        Wire.PreKeyBundle bundle = TwoParties.BundleOf(bob, withOneTimePreKey: false);
        bundle.OneTimePreKeyPublic.Should().BeNull();
        (AwaitingAcceptSession pending, Wire.InviteMsg invite) =
            SessionInitiator.Invite(alice, TwoParties.AliceAddress, VerifiedPreKeyBundle.Verify(bundle, Suite), random, TwoParties.NowMs);

        invite.BobOneTimePreKeyId.Should().Be(0u);
        invite.PreSharedInputList.Should().HaveCount(Suite.IsEcc ? 1 : 2);
        if (pending.Pending is PendingKemHandshake kem)
        {
            (kem.PartialSecret.Length + Suite.Kem.SharedSecretLength).Should().Be(96, "k1 ‖ k2 ‖ k3 without k4");
        }

        (Account bobAfter, EstablishedSession bobSession, Wire.AcceptMsg accept) =
            SessionResponder.Accept(bob, TwoParties.BobAddress, TwoParties.AsDeliveredByServer(invite, alice), random);
        EstablishedSession aliceSession = pending.Complete(alice, accept, random);

        bobAfter.Should().BeSameAs(bob, "no one-time pre-key was used");
        aliceSession.Info.BobOneTimePreKeyId.Should().Be(0u);
        bobSession.Info.BobOneTimePreKeyId.Should().Be(0u);
        AssertWorkingPair(aliceSession, bobSession, random);
    }

    private static void AssertWorkingPair(EstablishedSession alice, EstablishedSession bob, IRandomSource random)
    {
        (alice, Wire.E2eeMsg toBob) = alice.EncryptCommon("hello bob"u8, random);
        (bob, Wire.Plaintext atBob) = bob.Decrypt(toBob, random);
        TwoParties.Text(atBob).Should().Be("hello bob");
        atBob.Version.Should().Be(ProtocolVersion.E2ees.Plaintext);

        (_, Wire.E2eeMsg toAlice) = bob.EncryptCommon("hello alice"u8, random);
        (_, Wire.Plaintext atAlice) = alice.Decrypt(toAlice, random);
        TwoParties.Text(atAlice).Should().Be("hello alice");
    }

    [Test]
    public void Messages_flow_in_both_directions_and_either_side_may_speak_first()
    {
        TwoParties p = Establish(Label());

        // Bob first, on his initial chain CK0 (root_sequence 0), before he heard anything from Alice.
        Wire.E2eeMsg b0 = p.BobSends("bob first");
        b0.One2OneMsg.RootSequence.Should().Be(0u);
        p.AliceReceives(b0).Should().Be("bob first");

        Wire.E2eeMsg a0 = p.AliceSends("alice answers");
        a0.One2OneMsg.RootSequence.Should().Be(1u);
        p.BobReceives(a0).Should().Be("alice answers");

        Wire.E2eeMsg b1 = p.BobSends("bob again");
        b1.One2OneMsg.RootSequence.Should().Be(2u);
        p.AliceReceives(b1).Should().Be("bob again");

        b0.From.Should().Be(TwoParties.BobAddress);
        b0.To.Should().Be(TwoParties.AliceAddress);
        b0.SessionId.Should().Be(p.AliceSession.Info.SessionId);
        b0.Version.Should().Be(ProtocolVersion.E2ees.Protocol);
        p.AliceSession.Ratchet.SkippedKeys.Should().BeEmpty();
        p.BobSession.Ratchet.SkippedKeys.Should().BeEmpty();
    }

    [Test]
    public void A_ping_pong_of_20_alternating_messages_decrypts_every_one_and_the_root_sequence_advances_by_one_per_direction_change()
    {
        TwoParties p = Establish(Label());
        for (int i = 0; i < 20; i++)
        {
            bool aliceTurn = i % 2 == 0;
            string text = $"ping-pong {i}";
            Wire.E2eeMsg m = aliceTurn ? p.AliceSends(text) : p.BobSends(text);
            m.One2OneMsg.RootSequence.Should().Be((uint)(i + 1), "REFERENCE-BEHAVIOUR §31: 1, 2, 3, … across alternations");
            m.One2OneMsg.Sequence.Should().Be(0u);
            m.One2OneMsg.SendingMessageSequence.Should().Be((uint)(i / 2) + 1);
            (aliceTurn ? p.BobReceives(m) : p.AliceReceives(m)).Should().Be(text);
            p.AliceSession.Ratchet.SkippedKeys.Should().BeEmpty("in-order traffic leaves no skipped keys (no phantom keys, REFERENCE-BEHAVIOUR §33)");
            p.BobSession.Ratchet.SkippedKeys.Should().BeEmpty();
        }
    }

    [Test]
    public void Bursts_in_turn_from_each_side_decrypt_in_order_with_consecutive_counters()
    {
        TwoParties p = Establish(Label());
        int[] bursts = [3, 5, 1, 4, 2, 6, 1, 1];
        uint aliceSent = 0, bobSent = 0;
        for (int b = 0; b < bursts.Length; b++)
        {
            bool aliceTurn = b % 2 == 0;
            List<Wire.E2eeMsg> sent = aliceTurn ? p.AliceSendsMany($"burst {b}/", bursts[b]) : p.BobSendsMany($"burst {b}/", bursts[b]);
            for (int i = 0; i < sent.Count; i++)
            {
                sent[i].One2OneMsg.Sequence.Should().Be((uint)i);
                sent[i].One2OneMsg.SendingMessageSequence.Should().Be(aliceTurn ? ++aliceSent : ++bobSent);
                (aliceTurn ? p.BobReceives(sent[i]) : p.AliceReceives(sent[i])).Should().Be($"burst {b}/{i}");
            }
        }

        p.AliceSession.Ratchet.SkippedKeys.Should().BeEmpty();
        p.BobSession.Ratchet.SkippedKeys.Should().BeEmpty();
    }

    [Test]
    public void The_accept_marks_Bobs_one_time_pre_key_used_and_leaves_the_old_account_unchanged()
    {
        (_, Account bob) = TwoParties.SharedAccounts(Suite);
        TwoParties p = Establish(Label());
        uint used = p.AliceSession.Info.BobOneTimePreKeyId;

        used.Should().Be(bob.OneTimePreKeys[0].Id);
        p.Bob.OneTimePreKeys.Single(k => k.Id == used).Used.Should().BeTrue();
        p.Bob.UnusedOneTimePreKeyCount.Should().Be(bob.UnusedOneTimePreKeyCount - 1);
        bob.OneTimePreKeys.Single(k => k.Id == used).Used.Should().BeFalse("accounts are immutable");
        Rejects(() => p.Bob.UnusedOneTimePreKeyById(used), ProtocolErrorCode.UnknownOneTimePreKey);
    }

    [Test]
    public void An_invite_that_reuses_a_used_one_time_pre_key_fails_with_UnknownOneTimePreKey()
    {
        (Account alice, Account bob) = TwoParties.SharedAccounts(Suite);
        TwoParties first = Establish(Label());
        var random = new ReferenceStreamRandom(Label() + "/second");

        // The stale bundle still names the one-time pre-key the first accept used.
        (_, Wire.InviteMsg again) = SessionInitiator.Invite(
            alice, TwoParties.AliceAddress, VerifiedPreKeyBundle.Verify(TwoParties.BundleOf(bob, true), Suite), random, TwoParties.NowMs);
        again.BobOneTimePreKeyId.Should().Be(first.AliceSession.Info.BobOneTimePreKeyId);

        Rejects(() => SessionResponder.Accept(first.Bob, TwoParties.BobAddress, TwoParties.AsDeliveredByServer(again, alice), random), ProtocolErrorCode.UnknownOneTimePreKey);
    }

    [Test]
    public void An_invite_naming_an_unknown_signed_pre_key_fails_with_UnknownSignedPreKey()
    {
        (Account alice, Account bob) = TwoParties.SharedAccounts(Suite);
        var random = new ReferenceStreamRandom(Label());
        (_, Wire.InviteMsg invite) = SessionInitiator.Invite(
            alice, TwoParties.AliceAddress, VerifiedPreKeyBundle.Verify(TwoParties.BundleOf(bob, true), Suite), random, TwoParties.NowMs);
        Wire.InviteMsg delivered = Copy(TwoParties.AsDeliveredByServer(invite, alice), m => m.BobSignedPreKeyId = bob.CurrentSignedPreKey.Id + 7);

        Rejects(() => SessionResponder.Accept(bob, TwoParties.BobAddress, delivered, random), ProtocolErrorCode.UnknownSignedPreKey);
    }

    [TestCase(0, TestName = "{m}(first signature byte)")]
    [TestCase(-1, TestName = "{m}(last signature byte)")]
    [TestCase(-2, TestName = "{m}(signed pre-key public key byte)")]
    public void A_bundle_with_a_tampered_signed_pre_key_signature_fails_verification_with_BadSignedPreKeySignature(int where)
    {
        (_, Account bob) = TwoParties.SharedAccounts(Suite);
        Wire.PreKeyBundle tampered = Copy(TwoParties.BundleOf(bob, true), b =>
        {
            Wire.SignedPreKeyPublic spk = b.SignedPreKeyPublic;
            if (where == -2)
            {
                spk.PublicKey = FlipBit(spk.PublicKey, spk.PublicKey.Length / 2, 3);
            }
            else
            {
                spk.Signature = FlipBit(spk.Signature, where == -1 ? spk.Signature.Length - 1 : 0, 1);
            }
        });

        Rejects(() => VerifiedPreKeyBundle.Verify(tampered, Suite), ProtocolErrorCode.BadSignedPreKeySignature);
    }

    [Test]
    public void A_bundle_signed_by_another_identity_fails_verification_with_BadSignedPreKeySignature()
    {
        (Account alice, Account bob) = TwoParties.SharedAccounts(Suite);
        Wire.PreKeyBundle forged = Copy(TwoParties.BundleOf(bob, true), b => b.IdentityKeyPublic.SignPublicKey = ByteString.CopyFrom(alice.Identity.Sign.PublicKey));

        Rejects(() => VerifiedPreKeyBundle.Verify(forged, Suite), ProtocolErrorCode.BadSignedPreKeySignature);
    }

    [Test]
    public void A_wrong_pack_id_in_the_bundle_the_invite_or_the_accept_fails_with_WrongSuite()
    {
        (Account alice, Account bob) = TwoParties.SharedAccounts(Suite);
        uint otherPackId = CipherSuite.Named.First(s => s.PackId != Suite.PackId).PackId.Value;
        var random = new ReferenceStreamRandom(Label());
        Wire.PreKeyBundle bundle = TwoParties.BundleOf(bob, true);

        Rejects(() => VerifiedPreKeyBundle.Verify(Copy(bundle, b => b.E2EesPackId = otherPackId), Suite), ProtocolErrorCode.WrongSuite);

        (AwaitingAcceptSession pending, Wire.InviteMsg invite) =
            SessionInitiator.Invite(alice, TwoParties.AliceAddress, VerifiedPreKeyBundle.Verify(bundle, Suite), random, TwoParties.NowMs);
        Wire.InviteMsg delivered = TwoParties.AsDeliveredByServer(invite, alice);
        Rejects(() => SessionResponder.Accept(bob, TwoParties.BobAddress, Copy(delivered, i => i.E2EesPackId = otherPackId), random), ProtocolErrorCode.WrongSuite);

        (_, _, Wire.AcceptMsg accept) = SessionResponder.Accept(bob, TwoParties.BobAddress, delivered, random);
        Rejects(() => pending.Complete(alice, Copy(accept, a => a.E2EesPackId = otherPackId), random), ProtocolErrorCode.WrongSuite);
        pending.Complete(alice, accept, random).Should().NotBeNull("the untampered accept still completes");
    }

    [Test]
    public void A_key_of_the_wrong_length_in_the_bundle_the_invite_or_the_accept_fails_with_WrongKeyLength()
    {
        (Account alice, Account bob) = TwoParties.SharedAccounts(Suite);
        var random = new ReferenceStreamRandom(Label());
        Wire.PreKeyBundle bundle = TwoParties.BundleOf(bob, true);
        var bundleCases = new Dictionary<string, Action<Wire.PreKeyBundle>>
        {
            ["identity asym key one byte long"] = b => b.IdentityKeyPublic.AsymPublicKey = Resize(b.IdentityKeyPublic.AsymPublicKey, +1),
            ["identity sign key one byte short"] = b => b.IdentityKeyPublic.SignPublicKey = Resize(b.IdentityKeyPublic.SignPublicKey, -1),
            ["signed pre-key one byte short"] = b => b.SignedPreKeyPublic.PublicKey = Resize(b.SignedPreKeyPublic.PublicKey, -1),
            ["signature one byte long"] = b => b.SignedPreKeyPublic.Signature = Resize(b.SignedPreKeyPublic.Signature, +1),
            ["one-time pre-key one byte long"] = b => b.OneTimePreKeyPublic.PublicKey = Resize(b.OneTimePreKeyPublic.PublicKey, +1),
        };
        foreach ((string what, Action<Wire.PreKeyBundle> change) in bundleCases)
        {
            using (new FluentAssertions.Execution.AssertionScope(what))
            {
                Rejects(() => VerifiedPreKeyBundle.Verify(Copy(bundle, change), Suite), ProtocolErrorCode.WrongKeyLength);
            }
        }

        (AwaitingAcceptSession pending, Wire.InviteMsg invite) =
            SessionInitiator.Invite(alice, TwoParties.AliceAddress, VerifiedPreKeyBundle.Verify(bundle, Suite), random, TwoParties.NowMs);
        Wire.InviteMsg delivered = TwoParties.AsDeliveredByServer(invite, alice);
        var inviteCases = new Dictionary<string, Action<Wire.InviteMsg>>
        {
            ["alice_identity_key one byte short"] = i => i.AliceIdentityKey = Resize(i.AliceIdentityKey, -1),
            ["alice_base_key one byte long"] = i => i.AliceBaseKey = Resize(i.AliceBaseKey, +1),
            ["pre_shared_input_list[0] one byte long"] = i => i.PreSharedInputList[0] = Resize(i.PreSharedInputList[0], +1),
            ["last pre_shared_input one byte short"] = i => i.PreSharedInputList[^1] = Resize(i.PreSharedInputList[^1], -1),
        };
        foreach ((string what, Action<Wire.InviteMsg> change) in inviteCases)
        {
            using (new FluentAssertions.Execution.AssertionScope(what))
            {
                Rejects(() => SessionResponder.Accept(bob, TwoParties.BobAddress, Copy(delivered, change), random), ProtocolErrorCode.WrongKeyLength);
            }
        }

        (_, _, Wire.AcceptMsg accept) = SessionResponder.Accept(bob, TwoParties.BobAddress, delivered, random);
        Rejects(() => pending.Complete(alice, Copy(accept, a => a.RatchetKey = Resize(a.RatchetKey, +1)), random), ProtocolErrorCode.WrongKeyLength);
        if (!Suite.IsEcc)
        {
            Rejects(() => pending.Complete(alice, Copy(accept, a => a.EncapsCiphertext = Resize(a.EncapsCiphertext, -1)), random), ProtocolErrorCode.WrongKeyLength);
        }
    }

    // ------------------------------------------------------------------------------------------ out of order, skipped keys

    [Test]
    public void Messages_delivered_out_of_order_within_a_chain_all_decrypt_and_their_skipped_keys_are_consumed()
    {
        TwoParties p = Establish(Label());
        List<Wire.E2eeMsg> m = p.AliceSendsMany("m", 5);

        // Deliver 5, 1, 3, 2, 4 (1-based).
        (int Index, int SkippedAfter)[] order = [(4, 4), (0, 3), (2, 2), (1, 1), (3, 0)];
        foreach ((int index, int skippedAfter) in order)
        {
            p.BobReceives(m[index]).Should().Be($"m{index}");
            p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(skippedAfter);
        }

        p.BobSession.Ratchet.Receiver.ChainKey!.Index.Should().Be(5u);
    }

    [Test]
    public void A_message_delayed_across_a_ratchet_step_decrypts_from_a_kept_key_after_the_new_chain()
    {
        TwoParties p = Establish(Label());
        Wire.E2eeMsg a1 = p.AliceSends("a1");
        Wire.E2eeMsg a2 = p.AliceSends("a2");
        p.BobReceives(a1).Should().Be("a1");
        p.AliceReceives(p.BobSends("b1")).Should().Be("b1");
        Wire.E2eeMsg a3 = p.AliceSends("a3");
        a3.One2OneMsg.RootSequence.Should().Be(a1.One2OneMsg.RootSequence + 2, "a3 opens Alice's next chain");
        a3.One2OneMsg.Sequence.Should().Be(0u);

        p.BobReceives(a3).Should().Be("a3");
        p.BobSession.Ratchet.SkippedKeys.Should().ContainSingle("a2's key is kept from the previous chain")
            .Which.Index.Should().Be(1u);

        p.BobReceives(a2).Should().Be("a2");
        p.BobSession.Ratchet.SkippedKeys.Should().BeEmpty("a used skipped key is removed");

        // And the conversation goes on.
        p.AliceReceives(p.BobSends("b2")).Should().Be("b2");
        p.BobReceives(p.AliceSends("a4")).Should().Be("a4");
    }

    [Test]
    public void Skipped_keys_of_several_chains_are_all_consumed_and_the_count_returns_to_zero()
    {
        TwoParties p = Establish(Label());
        var held = new List<(Wire.E2eeMsg Message, string Text)>();
        for (int round = 0; round < 3; round++)
        {
            List<Wire.E2eeMsg> a = p.AliceSendsMany($"r{round}a", 4);
            p.BobReceives(a[3]).Should().Be($"r{round}a3");
            held.AddRange(a.Take(3).Select((m, i) => (m, $"r{round}a{i}")));
            List<Wire.E2eeMsg> b = p.BobSendsMany($"r{round}b", 3);
            p.AliceReceives(b[2]).Should().Be($"r{round}b2");
            p.AliceReceives(b[0]).Should().Be($"r{round}b0");
        }

        p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(9);
        p.AliceSession.Ratchet.SkippedKeys.Should().HaveCount(3, "b1 of each round");
        foreach ((Wire.E2eeMsg message, string text) in Enumerable.Reverse(held))
        {
            p.BobReceives(message).Should().Be(text);
        }

        p.BobSession.Ratchet.SkippedKeys.Should().BeEmpty();
    }

    // ------------------------------------------------------------------------------------------ replay

    [Test]
    public void Decrypting_the_same_in_chain_message_twice_fails_the_second_time_with_Replay()
    {
        TwoParties p = Establish(Label());
        Wire.E2eeMsg a0 = p.AliceSends("a0");
        Wire.E2eeMsg a1 = p.AliceSends("a1");
        p.BobReceives(a0).Should().Be("a0");
        p.BobReceives(a1).Should().Be("a1");

        BobRejects(p, a1, ProtocolErrorCode.Replay);
        BobRejects(p, a0, ProtocolErrorCode.Replay);

        // Bob's chain replayed to Alice as well.
        Wire.E2eeMsg b0 = p.BobSends("b0");
        p.AliceReceives(b0).Should().Be("b0");
        Rejects(() => p.AliceReceives(b0), ProtocolErrorCode.Replay);
    }

    [Test]
    public void Decrypting_a_message_twice_through_a_stored_skipped_key_fails_the_second_time_with_Replay()
    {
        TwoParties p = Establish(Label());
        List<Wire.E2eeMsg> a = p.AliceSendsMany("a", 3);
        p.BobReceives(a[2]).Should().Be("a2");
        p.BobReceives(a[0]).Should().Be("a0");
        BobRejects(p, a[0], ProtocolErrorCode.Replay);

        // Across a ratchet step too: a[1]'s key now sits with the previous chain's keys.
        p.AliceReceives(p.BobSends("b0")).Should().Be("b0");
        p.BobReceives(p.AliceSends("a3")).Should().Be("a3");
        p.BobReceives(a[1]).Should().Be("a1");
        BobRejects(p, a[1], ProtocolErrorCode.Replay);
        BobRejects(p, a[2], ProtocolErrorCode.Replay);
        p.BobSession.Ratchet.SkippedKeys.Should().BeEmpty();
    }

    // ------------------------------------------------------------------------------------------ compute, then commit

    /// <summary>
    /// Bob holds: a0 and a2 of Alice's first chain received (a1's key skipped), Bob replied, Alice is on her second chain.
    /// Held back: a1 (skipped key), a3 (in-chain), a4 and a5 (Alice's next chain; a5 needs a4's key and a3's key skipped).
    /// </summary>
    private (TwoParties P, Dictionary<string, Wire.E2eeMsg> Held) CommitScenario(string label)
    {
        TwoParties p = Establish(label);
        List<Wire.E2eeMsg> first = p.AliceSendsMany("a", 4);
        p.BobReceives(first[0]).Should().Be("a0");
        p.BobReceives(first[2]).Should().Be("a2");
        p.AliceReceives(p.BobSends("b0")).Should().Be("b0");
        Wire.E2eeMsg a4 = p.AliceSends("a4");
        Wire.E2eeMsg a5 = p.AliceSends("a5");
        var held = new Dictionary<string, Wire.E2eeMsg> { ["a0"] = first[0], ["a1"] = first[1], ["a2"] = first[2], ["a3"] = first[3], ["a4"] = a4, ["a5"] = a5 };
        p.BobSession.Ratchet.SkippedKeys.Should().ContainSingle();
        return (p, held);
    }

    private static readonly Dictionary<string, (string Message, Action<Wire.E2eeMsg> Change)> CommitCases = new()
    {
        ["ciphertext bit of an in-chain message"] = ("a3", m => m.One2OneMsg.Ciphertext = FlipBit(m.One2OneMsg.Ciphertext, 0)),
        ["tag bit of an in-chain message"] = ("a3", m => m.One2OneMsg.Ciphertext = FlipBit(m.One2OneMsg.Ciphertext, m.One2OneMsg.Ciphertext.Length - 1, 7)),
        ["ciphertext bit of a message with a stored skipped key"] = ("a1", m => m.One2OneMsg.Ciphertext = FlipBit(m.One2OneMsg.Ciphertext, 3)),
        ["ciphertext bit of a new-chain message that skips keys"] = ("a5", m => m.One2OneMsg.Ciphertext = FlipBit(m.One2OneMsg.Ciphertext, 5)),
        ["ciphertext shorter than a tag"] = ("a3", m => m.One2OneMsg.Ciphertext = ByteString.CopyFrom(new byte[10])),
        ["ratchet key one byte short"] = ("a3", m => m.One2OneMsg.RatchetKey = Resize(m.One2OneMsg.RatchetKey, -1)),
        ["ratchet key one byte long on a new chain"] = ("a4", m => m.One2OneMsg.RatchetKey = Resize(m.One2OneMsg.RatchetKey, +1)),
        ["ratchet key bit on a new chain"] = ("a5", m => m.One2OneMsg.RatchetKey = FlipBit(m.One2OneMsg.RatchetKey, 0, 1)),
        ["root sequence equal to ours"] = ("a3", m => m.One2OneMsg.RootSequence = 2),
        ["root sequence two ahead of ours"] = ("a3", m => m.One2OneMsg.RootSequence = 4),
        ["root sequence far ahead"] = ("a4", m => m.One2OneMsg.RootSequence = uint.MaxValue),
        ["sequence at the chain limit"] = ("a3", m => m.One2OneMsg.Sequence = ProtocolLimits.MaxMessagesPerChain),
        ["sequence of an index already used"] = ("a3", m => m.One2OneMsg.Sequence = 0),
        ["sequence of the skipped index on the wrong message"] = ("a3", m => m.One2OneMsg.Sequence = 1),
        ["sequence moved forward in the chain"] = ("a3", m => m.One2OneMsg.Sequence = 4),
        ["sending_message_sequence below sequence + 1 on a new chain"] = ("a5", m => m.One2OneMsg.SendingMessageSequence = 1),
        ["sending_message_sequence claiming a previous chain over the chain limit"] = ("a4", m => m.One2OneMsg.SendingMessageSequence = ProtocolLimits.MaxMessagesPerChain + 2),
        ["new-chain jump past the forward limit"] = ("a4", m => (m.One2OneMsg.Sequence, m.One2OneMsg.SendingMessageSequence) = (10, ProtocolLimits.MaxMessagesPerChain + 11)),
        ["replay of the first message"] = ("a0", _ => { }),
        ["replay of an in-chain message"] = ("a2", _ => { }),
        ["session id of another session"] = ("a3", m => m.SessionId = "AAAAAAAAAAAAAAAAAAAAAA=="),
        ["sender of another device"] = ("a3", m => m.From.User.DeviceId = "dev2"),
        ["no sender"] = ("a4", m => m.From = null),
        ["no one2one payload"] = ("a3", m => m.ClearPayload()),
    };

    private static ProtocolErrorCode ExpectedCode(string tamper) => tamper switch
    {
        _ when tamper.StartsWith("ciphertext", StringComparison.Ordinal) || tamper.StartsWith("tag", StringComparison.Ordinal) => ProtocolErrorCode.BadTag,
        "ratchet key bit on a new chain" => ProtocolErrorCode.BadTag,
        _ when tamper.StartsWith("ratchet key", StringComparison.Ordinal) => ProtocolErrorCode.WrongKeyLength,
        _ when tamper.StartsWith("root sequence", StringComparison.Ordinal) => ProtocolErrorCode.UnexpectedRootSequence,
        "sequence at the chain limit" => ProtocolErrorCode.ChainLimitExceeded,
        "sequence of an index already used" => ProtocolErrorCode.Replay,
        "sequence of the skipped index on the wrong message" => ProtocolErrorCode.BadTag,
        "sequence moved forward in the chain" => ProtocolErrorCode.BadTag,
        "sending_message_sequence claiming a previous chain over the chain limit" => ProtocolErrorCode.ChainLimitExceeded,
        _ when tamper.StartsWith("sending_message_sequence", StringComparison.Ordinal) => ProtocolErrorCode.InconsistentCounters,
        "new-chain jump past the forward limit" => ProtocolErrorCode.JumpTooFar,
        _ when tamper.StartsWith("replay", StringComparison.Ordinal) => ProtocolErrorCode.Replay,
        "session id of another session" => ProtocolErrorCode.UnknownSession,
        "sender of another device" or "no sender" => ProtocolErrorCode.WrongAddress,
        "no one2one payload" => ProtocolErrorCode.MissingField,
        _ => throw new ArgumentOutOfRangeException(nameof(tamper), tamper, null),
    };

    public static IEnumerable<string> CommitCaseNames => CommitCases.Keys;

    [TestCaseSource(nameof(CommitCaseNames))]
    public void A_failed_decrypt_leaves_the_state_byte_for_byte_unchanged_and_the_genuine_messages_still_decrypt(string tamper)
    {
        (TwoParties p, Dictionary<string, Wire.E2eeMsg> held) = CommitScenario(Label());
        (string target, Action<Wire.E2eeMsg> change) = CommitCases[tamper];

        BobRejects(p, Copy(held[target], change), ExpectedCode(tamper));

        foreach (string name in new[] { "a3", "a1", "a5", "a4" })
        {
            p.BobReceives(held[name]).Should().Be(name);
        }

        p.BobSession.Ratchet.SkippedKeys.Should().BeEmpty();
    }

    [Test]
    public void A_message_that_decrypts_but_whose_plaintext_does_not_parse_fails_with_MalformedPlaintext_and_commits_nothing()
    {
        (TwoParties p, Dictionary<string, Wire.E2eeMsg> held) = CommitScenario(Label());
        EstablishedSession alice = p.AliceSession;

        // Encrypted for real on Alice's current (for Bob: next) chain, so Bob's ratchet step succeeds before the parse fails.
        (RatchetState afterGarbage, Wire.One2oneMsgPayload garbage) = DoubleRatchet.Encrypt(alice.Ratchet, alice.Info.AssociatedData, [0xFF, 0xFF]);
        BobRejects(p, Copy(held["a5"], m => m.One2OneMsg = garbage), ProtocolErrorCode.MalformedPlaintext);

        byte[] noVersion = new Wire.Plaintext { CommonMsg = ByteString.CopyFromUtf8("x") }.ToByteArray();
        (_, Wire.One2oneMsgPayload unversioned) = DoubleRatchet.Encrypt(afterGarbage, alice.Info.AssociatedData, noVersion);
        BobRejects(p, Copy(held["a5"], m => m.One2OneMsg = unversioned), ProtocolErrorCode.MalformedPlaintext);

        p.BobReceives(held["a5"]).Should().Be("a5");
    }

    [Test]
    public void The_state_dump_covers_every_field_of_the_ratchet_state()
    {
        foreach ((Type type, string[] fields) in StateDump.RatchetStateFields)
        {
            type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
                .Select(pi => pi.Name)
                .Should().BeEquivalentTo(fields, "StateDump must be extended when {0} gains a field", type.Name);
        }

        (TwoParties p, _) = CommitScenario(Label());
        string dump = StateDump.Of(p.BobSession);
        dump.Should().Contain(Convert.ToHexStringLower(p.BobSession.Ratchet.RootKey.Span));
        dump.Should().Contain(Convert.ToHexStringLower(p.BobSession.Ratchet.SkippedKeys[0].DerivedKey.Span));
        dump.Should().Contain(Convert.ToHexStringLower(p.BobSession.Ratchet.Receiver.OurRatchetPrivateKey.Span));
        StateDump.Of(p.BobSession).Should().Be(dump, "the dump is canonical");
        StateDump.Of(p.AliceSession).Should().NotBe(dump);
    }

    // ------------------------------------------------------------------------------------------ limits

    [Test]
    public void Encrypting_512_messages_on_one_chain_works_and_the_513th_fails_with_ChainLimitReached()
    {
        TwoParties p = Establish(Label());
        List<Wire.E2eeMsg> sent = p.AliceSendsMany("m", ProtocolLimits.MaxMessagesPerChain);
        sent[^1].One2OneMsg.Sequence.Should().Be(511u);
        EstablishedSession full = p.AliceSession;
        string dump = StateDump.Of(full);

        Rejects(() => p.AliceSends("one too many"), ProtocolErrorCode.ChainLimitReached);
        p.AliceSession.Should().BeSameAs(full);
        StateDump.Of(full).Should().Be(dump);

        // A received message opens a new chain of Alice's own, and she can send again.
        p.BobReceives(sent[^1]).Should().Be("m511");
        p.AliceReceives(p.BobSends("reply")).Should().Be("reply");
        p.BobReceives(p.AliceSends("after the step")).Should().Be("after the step");
    }

    [Test]
    public void A_received_sequence_of_511_is_accepted_but_512_and_4_000_000_000_fail_with_ChainLimitExceeded()
    {
        TwoParties p = Establish(Label());
        List<Wire.E2eeMsg> sent = p.AliceSendsMany("m", ProtocolLimits.MaxMessagesPerChain);
        Wire.E2eeMsg last = sent[^1];

        // Before the chain is open (a new-chain message) …
        BobRejects(p, Payload(last, x => x.Sequence = 512), ProtocolErrorCode.ChainLimitExceeded);
        BobRejects(p, Payload(last, x => x.Sequence = 4_000_000_000), ProtocolErrorCode.ChainLimitExceeded);

        p.BobReceives(last).Should().Be("m511");
        p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(511, "an in-chain jump is at most 511");

        // … and on the open chain.
        BobRejects(p, Payload(last, x => x.Sequence = 512), ProtocolErrorCode.ChainLimitExceeded);
        BobRejects(p, Payload(last, x => x.Sequence = 4_000_000_000), ProtocolErrorCode.ChainLimitExceeded);
        p.BobReceives(sent[0]).Should().Be("m0");
    }

    /// <summary>
    /// Alice's first chain: <paramref name="firstChain"/> messages, only the first delivered. Bob replies; Alice's second
    /// chain: <paramref name="secondChain"/> messages, none delivered yet. Delivering the one with sequence s needs
    /// (firstChain − 1) + s skipped keys.
    /// </summary>
    private (TwoParties P, List<Wire.E2eeMsg> First, List<Wire.E2eeMsg> Second) TwoChainsMostlyUndelivered(string label, int firstChain, int secondChain)
    {
        TwoParties p = Establish(label);
        List<Wire.E2eeMsg> first = p.AliceSendsMany("x", firstChain);
        p.BobReceives(first[0]).Should().Be("x0");
        p.AliceReceives(p.BobSends("reply")).Should().Be("reply");
        List<Wire.E2eeMsg> second = p.AliceSendsMany("y", secondChain);
        return (p, first, second);
    }

    [Test]
    public void A_new_chain_message_needing_exactly_512_skipped_keys_is_accepted_and_one_needing_513_fails_with_JumpTooFar()
    {
        (TwoParties p, List<Wire.E2eeMsg> first, List<Wire.E2eeMsg> second) = TwoChainsMostlyUndelivered(Label(), 300, 215);
        EstablishedSession start = p.BobSession;

        // 299 missing from the first chain + 212 on the second = 511.
        p.BobReceives(second[212]).Should().Be("y212");
        p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(511);

        // 299 + 213 = 512 = MaxForwardJump: at the bound.
        p.BobSession = start;
        p.BobReceives(second[213]).Should().Be("y213");
        p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(ProtocolLimits.MaxForwardJump);

        // 299 + 214 = 513: one past it.
        p.BobSession = start;
        BobRejects(p, second[214], ProtocolErrorCode.JumpTooFar);

        // After sequence 213 opened the chain, 214 is an ordinary in-chain step, and the kept keys still work.
        p.BobReceives(second[213]).Should().Be("y213");
        p.BobReceives(second[214]).Should().Be("y214");
        p.BobReceives(first[299]).Should().Be("x299");
    }

    [Test]
    public void Storing_exactly_1024_skipped_keys_keeps_them_all_and_the_1025th_evicts_the_oldest()
    {
        TwoParties p = Establish(Label());
        const int Full = ProtocolLimits.MaxMessagesPerChain;

        // Chain 1: only its last message arrives: 511 keys kept.
        List<Wire.E2eeMsg> chain1 = p.AliceSendsMany("c1/", Full);
        p.BobReceives(chain1[^1]).Should().Be("c1/511");
        p.AliceReceives(p.BobSends("r1")).Should().Be("r1");

        // Chain 2: the same: 1022 keys kept.
        List<Wire.E2eeMsg> chain2 = p.AliceSendsMany("c2/", Full);
        p.BobReceives(chain2[^1]).Should().Be("c2/511");
        p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(1022);
        p.AliceReceives(p.BobSends("r2")).Should().Be("r2");

        List<Wire.E2eeMsg> chain3 = p.AliceSendsMany("c3/", 6);

        // Sequence 2 keeps 2 more: exactly MaxStoredSkippedKeys, nothing evicted.
        EstablishedSession atBound = p.BobSession;
        p.BobReceives(chain3[2]).Should().Be("c3/2");
        p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(ProtocolLimits.MaxStoredSkippedKeys);
        p.BobSession.Ratchet.SkippedKeys[0].Index.Should().Be(0u, "the oldest key (chain 1, index 0) is still held");

        // One past the bound: sequence 3 instead keeps 3 more, so the oldest key is evicted and the store stays full.
        p.BobSession = atBound;
        p.BobReceives(chain3[3]).Should().Be("c3/3");
        p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(ProtocolLimits.MaxStoredSkippedKeys);
        BobRejects(p, chain1[0], ProtocolErrorCode.EvictedKey);
        p.BobReceives(chain1[1]).Should().Be("c1/1");
        p.BobReceives(chain3[0]).Should().Be("c3/0");
        p.BobReceives(chain2[0]).Should().Be("c2/0");
        p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(ProtocolLimits.MaxStoredSkippedKeys - 3);
    }

    // ------------------------------------------------------------------------------------------ counters

    [Test]
    public void A_new_chain_message_with_a_sending_message_sequence_below_sequence_plus_one_fails_with_InconsistentCounters()
    {
        TwoParties p = Establish(Label());
        List<Wire.E2eeMsg> a = p.AliceSendsMany("a", 3);

        BobRejects(p, Payload(a[0], x => x.SendingMessageSequence = 0), ProtocolErrorCode.InconsistentCounters);
        BobRejects(p, Payload(a[2], x => x.SendingMessageSequence = 2), ProtocolErrorCode.InconsistentCounters);
        BobRejects(p, Payload(a[2], x => x.SendingMessageSequence = 0), ProtocolErrorCode.InconsistentCounters);

        // At the bound (sending_message_sequence = sequence + 1) it is consistent.
        a[2].One2OneMsg.SendingMessageSequence.Should().Be(3u);
        p.BobReceives(a[2]).Should().Be("a2");

        // On Alice's next chain too.
        p.AliceReceives(p.BobSends("b")).Should().Be("b");
        List<Wire.E2eeMsg> next = p.AliceSendsMany("n", 2);
        BobRejects(p, Payload(next[1], x => x.SendingMessageSequence = 1), ProtocolErrorCode.InconsistentCounters);
        p.BobReceives(next[1]).Should().Be("n1");
        p.BobReceives(next[0]).Should().Be("n0");
        p.BobReceives(a[0]).Should().Be("a0");
        p.BobReceives(a[1]).Should().Be("a1");
    }
}

/// <summary>
/// ML-KEM-1024 + SLH-DSA-SHA2-256s: one establishment and a round trip only (each account's signed pre-key signature
/// takes seconds).
/// </summary>
[TestFixture]
public sealed class SlhDsaSessionTests
{
    [Test]
    public void Establishment_and_a_round_trip_work_with_the_slh_dsa_suite()
    {
        CipherSuite.TryParse("mlkem1024-slhdsa256s", out CipherSuite? suite).Should().BeTrue();
        TwoParties p = TwoParties.Establish(suite!, "slh-dsa round trip");

        p.BobReceives(p.AliceSends("hello over slh-dsa")).Should().Be("hello over slh-dsa");
        p.AliceReceives(p.BobSends("and back")).Should().Be("and back");
        p.Bob.UnusedOneTimePreKeyCount.Should().Be(ProtocolLimits.OneTimePreKeyBatch - 1);
    }
}
