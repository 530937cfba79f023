using Google.Protobuf;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Sessions;
using E2eeConformance.Engine.Tests.Support;
using static E2eeConformance.Engine.Tests.Support.Tamper;

namespace E2eeConformance.Engine.Tests.Sessions;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// Establishment (seed 000 §PQKA; REFERENCE-BEHAVIOUR §18–24, 42): with and without a one-time pre-key both sides get a
/// working session; a used or unknown pre-key, a tampered or foreign signed pre-key signature, a wrong suite and a key
/// of the wrong length each fail with their own code.
/// </summary>
[TestFixtureSource(typeof(SessionContractFixture), nameof(SessionContractFixture.Suites))]
public sealed class SessionEstablishmentContractTests(string suiteName) : SessionContractFixture(suiteName)
{
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
                // A flip that leaves a well-formed key (an ML-KEM coefficient pushed past q is refused earlier, as
                // invalid_public_key): the signature is what must catch it, whatever bytes the cached account drew.
                spk.PublicKey = Enumerable.Range(spk.PublicKey.Length / 2, spk.PublicKey.Length / 2)
                    .Select(i => FlipBit(spk.PublicKey, i, 3))
                    .First(k => Suite.Kem.IsValidPublicKey(k.Span));
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
}
