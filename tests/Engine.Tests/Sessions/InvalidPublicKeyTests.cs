using Google.Protobuf;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Sessions;
using E2eeConformance.Engine.Tests.Support;
using static E2eeConformance.Engine.Tests.Support.Tamper;

namespace E2eeConformance.Engine.Tests.Sessions;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>Peer public keys must be valid encodings before they are used: a hostile key is a protocol error, never an exception.</summary>
[TestFixture]
public sealed class InvalidPublicKeyTests
{
    private static readonly byte[] P = Convert.FromHexString("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");

    [Test]
    public void X25519_accepts_canonical_u_coordinates_and_rejects_p_and_above_and_bit_255()
    {
        byte[] pMinusOne = (byte[])P.Clone();
        pMinusOne[0] = 0xEC;
        X25519Kem.Instance.IsValidPublicKey(pMinusOne).Should().BeTrue("p − 1 is the largest canonical value");
        X25519Kem.Instance.IsValidPublicKey(P).Should().BeFalse("p is not reduced");
        byte[] allOnes = Enumerable.Repeat((byte)0xFF, 32).ToArray();
        X25519Kem.Instance.IsValidPublicKey(allOnes).Should().BeFalse();
        byte[] topBit = new byte[32];
        topBit[0] = 9;
        X25519Kem.Instance.IsValidPublicKey(topBit).Should().BeTrue();
        topBit[31] = 0x80;
        X25519Kem.Instance.IsValidPublicKey(topBit).Should().BeFalse("bit 255 set");
        X25519Kem.Instance.IsValidPublicKey(new byte[31]).Should().BeFalse();
    }

    [Test]
    public void An_ecc_ratchet_key_with_bit_255_set_fails_with_InvalidPublicKey_and_changes_nothing()
    {
        TwoParties p = TwoParties.Establish(CipherSuite.Ecc, nameof(An_ecc_ratchet_key_with_bit_255_set_fails_with_InvalidPublicKey_and_changes_nothing));
        Wire.E2eeMsg first = p.AliceSends("hello");
        BobRejects(p, Payload(first, x => x.RatchetKey = FlipBit(x.RatchetKey, 31, 7)), ProtocolErrorCode.InvalidPublicKey);
        p.BobReceives(first).Should().Be("hello");
    }

    [Test]
    public void A_bundle_with_a_non_canonical_x25519_signed_pre_key_fails_with_InvalidPublicKey()
    {
        (Account _, Account bob) = TwoParties.CreateAccounts(CipherSuite.Ecc, nameof(A_bundle_with_a_non_canonical_x25519_signed_pre_key_fails_with_InvalidPublicKey));
        Wire.PreKeyBundle bundle = bob.ToPreKeyBundle(TwoParties.BobAddress, null);
        bundle.SignedPreKeyPublic.PublicKey = ByteString.CopyFrom(P);
        Rejects(() => VerifiedPreKeyBundle.Verify(bundle, CipherSuite.Ecc), ProtocolErrorCode.InvalidPublicKey);
    }

    [Test]
    public void A_bundle_with_an_ml_kem_key_whose_coefficients_exceed_q_fails_with_InvalidPublicKey()
    {
        (Account _, Account bob) = TwoParties.CreateAccounts(CipherSuite.Pqc, nameof(A_bundle_with_an_ml_kem_key_whose_coefficients_exceed_q_fails_with_InvalidPublicKey));
        Wire.PreKeyBundle bundle = bob.ToPreKeyBundle(TwoParties.BobAddress, bob.OneTimePreKeys[0]);
        byte[] key = bundle.OneTimePreKeyPublic.PublicKey.ToByteArray();
        key[0] = 0xFF;
        key[1] = 0xFF; // the first 12-bit coefficient becomes 4095 > q = 3329
        bundle.OneTimePreKeyPublic.PublicKey = ByteString.CopyFrom(key);
        Rejects(() => VerifiedPreKeyBundle.Verify(bundle, CipherSuite.Pqc), ProtocolErrorCode.InvalidPublicKey);
    }

    [Test]
    public void An_invite_with_an_invalid_ml_kem_identity_key_fails_with_InvalidPublicKey()
    {
        (Account alice, Account bob) = TwoParties.CreateAccounts(CipherSuite.Pqc, nameof(An_invite_with_an_invalid_ml_kem_identity_key_fails_with_InvalidPublicKey));
        var random = new Engine.Ports.ReferenceStreamRandom("invite");
        VerifiedPreKeyBundle bundle = VerifiedPreKeyBundle.Verify(bob.ToPreKeyBundle(TwoParties.BobAddress, bob.OneTimePreKeys[0]), CipherSuite.Pqc);
        (_, Wire.InviteMsg invite) = SessionInitiator.Invite(alice, TwoParties.AliceAddress, bundle, random, TwoParties.NowMs);
        byte[] ik = alice.Identity.Asym.PublicKey.ToArray();
        ik[0] = 0xFF;
        ik[1] = 0xFF;
        invite.AliceIdentityKey = ByteString.CopyFrom(ik);
        Rejects(() => SessionResponder.Accept(bob, TwoParties.BobAddress, invite, random), ProtocolErrorCode.InvalidPublicKey);
    }
}
