using Google.Protobuf;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Engine.Sessions;

/// <summary>
/// Alice's side of session creation: from Bob's verified pre-key bundle to an InviteMsg and a session awaiting
/// Bob's accept (seed 000 §PQKA; seed 001 §Outbound session creation; REFERENCE-BEHAVIOUR §18–20, 42).
/// Randomness is drawn in this order: session id (16 bytes); PQC: encapsulations to IK_B, SPK_B, [OPK_B], then the
/// base key; ECC: the X3DH ephemeral key, then the base key.
/// </summary>
public static class SessionInitiator
{
    /// <summary>
    /// Alice's first step (seed 000 §PQKA): a session awaiting Bob's accept and the InviteMsg to send, from Bob's
    /// verified <paramref name="bundle"/>; <paramref name="nowMs"/> (Unix milliseconds) is the invite time.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="bundle"/> was verified for another suite than the
    /// account's.</exception>
    public static (AwaitingAcceptSession Session, Wire.InviteMsg Invite) Invite(
        Account account,
        Wire.E2eeAddress ourAddress,
        VerifiedPreKeyBundle bundle,
        IRandomSource random,
        long nowMs,
        ProtocolVersion? version = null)
    {
        version ??= ProtocolVersion.E2ees;
        CipherSuite suite = account.Suite;
        if (bundle.Suite.PackId != suite.PackId)
        {
            throw new ArgumentException("the bundle was verified for another suite", nameof(bundle));
        }

        string sessionId = Uuid.New(random);
        byte[] ad = [.. account.Identity.Asym.PublicKey, .. bundle.IdentityAsymKey];
        byte[] theirSpk = bundle.SignedPreKey.ToArray();
        var preShared = new List<byte[]>(3);
        PendingHandshake pending;
        byte[] fingerprint;
        KeyPair baseKey;

        if (suite.IsEcc)
        {
            // X3DH (REFERENCE-BEHAVIOUR §42): S = DH(IK_A, SPK_B) ‖ DH(EK_A, IK_B) ‖ DH(EK_A, SPK_B) [‖ DH(EK_A, OPK_B)].
            KeyPair ephemeral = suite.Kem.GenerateKeyPair(random);
            baseKey = suite.Kem.GenerateKeyPair(random);
            var parts = new List<SecretBytes>
            {
                suite.Kem.Decapsulate(account.Identity.Asym.PrivateKey.Span, theirSpk),
                suite.Kem.Decapsulate(ephemeral.PrivateKey.Span, bundle.IdentityAsymKey),
                suite.Kem.Decapsulate(ephemeral.PrivateKey.Span, theirSpk),
            };
            if (bundle.HasOneTimePreKey)
            {
                parts.Add(suite.Kem.Decapsulate(ephemeral.PrivateKey.Span, bundle.OneTimePreKey));
            }

            preShared.Add(ephemeral.PublicKey);
            ephemeral.PrivateKey.Dispose();
            using SecretBytes secret = SharedSecret.Concat(parts);
            (SecretBytes root, ChainKey ck0) = SharedSecret.DeriveRoot(secret.Span);

            // Alice's first ratchet (initialise_as_alice, ECC branch): receiver = CK0 against SPK_B;
            // sender = HKDF(DH(base, SPK_B), salt RK0, "RATCHET").
            (SecretBytes root1, ChainKey sending) = DoubleRatchet.RatchetStep(root.Span, suite.Kem.Decapsulate(baseKey.PrivateKey.Span, theirSpk));
            root.Dispose(); // RK0 only feeds the first ratchet step; the state keeps RK1.
            var ratchet = new RatchetState(
                root1,
                RootSequence: 1,
                SendingMessageSequence: 0,
                new SenderChain(baseKey.PublicKey, theirSpk, sending),
                new ReceiverChain(theirSpk, baseKey.PrivateKey, ck0, ChainStart: 0),
                []);
            pending = new PendingDhHandshake(ratchet, theirSpk);
            fingerprint = [];
        }
        else
        {
            // PQKA (REFERENCE-BEHAVIOUR §19): (c2,k2) ← Encaps(ik_B), (c3,k3) ← Encaps(spk_B), (c4,k4) ← Encaps(opk_B); base key bk_A.
            var parts = new List<SecretBytes>();
            foreach (byte[] key in bundle.HasOneTimePreKey
                ? new[] { bundle.IdentityAsymKey.ToArray(), theirSpk, bundle.OneTimePreKey.ToArray() }
                : [bundle.IdentityAsymKey.ToArray(), theirSpk])
            {
                KemEncapsulation e = suite.Kem.Encapsulate(key, random);
                preShared.Add(e.Ciphertext);
                parts.Add(e.SharedSecret);
            }

            baseKey = suite.Kem.GenerateKeyPair(random);
            pending = new PendingKemHandshake(SharedSecret.Concat(parts), baseKey, theirSpk);
            fingerprint = SharedSecret.Fingerprint(account.Identity.Asym.PublicKey, bundle.IdentityAsymKey, theirSpk, bundle.OneTimePreKey);
        }

        var info = new SessionInfo(
            sessionId, suite, version, ourAddress.Clone(), bundle.Address.Clone(), ad, fingerprint, nowMs,
            bundle.SignedPreKeyId, bundle.OneTimePreKeyId);

        var invite = new Wire.InviteMsg
        {
            Version = version.Protocol,
            E2EesPackId = suite.PackId.Value,
            SessionId = sessionId,
            From = info.OurAddress.Clone(),
            To = info.TheirAddress.Clone(),
            AliceBaseKey = ByteString.CopyFrom(baseKey.PublicKey),
            BobSignedPreKeyId = bundle.SignedPreKeyId,
            BobOneTimePreKeyId = bundle.OneTimePreKeyId,
            InviteT = nowMs,
        };
        invite.PreSharedInputList.AddRange(preShared.Select(ByteString.CopyFrom));
        return (new AwaitingAcceptSession(info, pending), invite);
    }
}
