using Google.Protobuf;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Sessions;

/// <summary>
/// Bob's side of session creation: from a delivered InviteMsg (with the server-filled <c>alice_identity_key</c>,
/// REFERENCE-BEHAVIOUR §20) to an established inbound session and the AcceptMsg (seed 000 §PQKA; seed 001 §Inbound session
/// creation; REFERENCE-BEHAVIOUR §21, 23, 42). Randomness (PQC only): Encaps(ik_A) first, then the encapsulation to Alice's
/// base key that makes Bob's first ratchet key.
/// </summary>
public static class SessionResponder
{
    /// <summary>
    /// Bob's step (seed 000 §PQKA): the account with the invite's one-time pre-key marked used, the established inbound
    /// session, and the AcceptMsg to send back.
    /// </summary>
    /// <exception cref="Errors.ProtocolException">The invite is malformed (<c>malformed_message</c>,
    /// <c>missing_field</c>), of another suite (<c>wrong_suite</c>), addressed to another device
    /// (<c>wrong_address</c>), names unknown pre-keys, or carries invalid keys; the account is unchanged.</exception>
    public static (Account Account, EstablishedSession Session, Wire.AcceptMsg Accept) Accept(
        Account account,
        Wire.E2eeAddress ourAddress,
        Wire.InviteMsg invite,
        IRandomSource random,
        ProtocolVersion? version = null)
    {
        version ??= ProtocolVersion.E2ees;
        CipherSuite suite = account.Suite;
        Validate(suite, ourAddress, invite);

        SignedPreKey spk = account.SignedPreKeyById(invite.BobSignedPreKeyId);
        OneTimePreKey? opk = invite.BobOneTimePreKeyId == 0 ? null : account.UnusedOneTimePreKeyById(invite.BobOneTimePreKeyId);
        int expectedInputs = suite.IsEcc ? 1 : (opk is null ? 2 : 3);
        if (invite.PreSharedInputList.Count != expectedInputs)
        {
            throw new ProtocolException(ProtocolErrorCode.MalformedMessage, $"pre_shared_input_list has {invite.PreSharedInputList.Count} entries, expected {expectedInputs}");
        }

        foreach (ByteString input in invite.PreSharedInputList)
        {
            if (suite.IsEcc)
            {
                KeyChecks.RequireValidKey(suite, input.Span, "pre_shared_input_list[] (ephemeral key)");
            }
            else
            {
                KeyChecks.ExpectLength(input.Length, suite.Kem.CiphertextLength, "pre_shared_input_list[]");
            }
        }

        ReadOnlySpan<byte> aliceIdentity = invite.AliceIdentityKey.Span;
        byte[] aliceBase = invite.AliceBaseKey.ToByteArray();
        byte[] ad = [.. aliceIdentity, .. account.Identity.Asym.PublicKey];
        var parts = new List<SecretBytes>();
        byte[] encapsCiphertext;
        byte[] ourRatchetKey;
        byte[] fingerprint;
        if (suite.IsEcc)
        {
            ReadOnlySpan<byte> ephemeral = invite.PreSharedInputList[0].Span;
            parts.Add(suite.Kem.Decapsulate(spk.KeyPair.PrivateKey.Span, aliceIdentity));
            parts.Add(suite.Kem.Decapsulate(account.Identity.Asym.PrivateKey.Span, ephemeral));
            parts.Add(suite.Kem.Decapsulate(spk.KeyPair.PrivateKey.Span, ephemeral));
            if (opk is not null)
            {
                parts.Add(suite.Kem.Decapsulate(opk.KeyPair.PrivateKey.Span, ephemeral));
            }

            encapsCiphertext = [];
            ourRatchetKey = spk.KeyPair.PublicKey; // ECC branch of initialise_as_bob: ratchet_key = SPK_B.
            fingerprint = [];
        }
        else
        {
            // secret = k1 ‖ k2 ‖ k3 [‖ k4]; (c1, k1) ← Encaps(ik_A).
            KemEncapsulation k1 = suite.Kem.Encapsulate(aliceIdentity, random);
            parts.Add(k1.SharedSecret);
            // The long-lived identity and signed pre-key pairs keep their decoded keys (IKem.Decapsulate(KeyPair, …));
            // a one-time pre-key is used once, so it is decoded from its bytes (derived from its seed first, and wiped after).
            parts.Add(suite.Kem.Decapsulate(account.Identity.Asym, invite.PreSharedInputList[0].Span));
            parts.Add(suite.Kem.Decapsulate(spk.KeyPair, invite.PreSharedInputList[1].Span));
            byte[] opkPublic = [];
            if (opk is not null)
            {
                parts.Add(opk.Decapsulate(suite.Kem, invite.PreSharedInputList[2].Span, out opkPublic));
            }

            encapsCiphertext = k1.Ciphertext;

            // initialise_as_bob (REFERENCE-BEHAVIOUR §23): encapsulate once to alice_base_key, discard the secret; the ciphertext is
            // Bob's first ratchet key.
            KemEncapsulation first = suite.Kem.Encapsulate(aliceBase, random);
            first.SharedSecret.Dispose();
            ourRatchetKey = first.Ciphertext;
            fingerprint = SharedSecret.Fingerprint(aliceIdentity, account.Identity.Asym.PublicKey, account.CurrentSignedPreKey.KeyPair.PublicKey, opkPublic);
        }

        using SecretBytes secret = SharedSecret.Concat(parts);
        (SecretBytes root, ChainKey ck0) = SharedSecret.DeriveRoot(secret.Span);
        var ratchet = new RatchetState(
            root,
            RootSequence: 0,
            SendingMessageSequence: 0,
            new SenderChain(ourRatchetKey, aliceBase, ck0),
            new ReceiverChain([], spk.KeyPair.PrivateKey, ChainKey: null, ChainStart: 0),
            []);
        var info = new SessionInfo(
            invite.SessionId, suite, version, ourAddress.Clone(), invite.From.Clone(), ad, fingerprint, invite.InviteT,
            spk.Id, opk?.Id ?? 0);
        var accept = new Wire.AcceptMsg
        {
            From = info.OurAddress.Clone(),
            To = info.TheirAddress.Clone(),
            E2EesPackId = suite.PackId.Value,
            EncapsCiphertext = ByteString.CopyFrom(encapsCiphertext),
            RatchetKey = ByteString.CopyFrom(ourRatchetKey),
        };
        Account updated = opk is null ? account : account.WithOneTimePreKeyUsed(opk.Id);
        return (updated, new EstablishedSession(info, ratchet), accept);
    }

    private static void Validate(CipherSuite suite, Wire.E2eeAddress ourAddress, Wire.InviteMsg invite)
    {
        if (invite.E2EesPackId != suite.PackId.Value)
        {
            throw new ProtocolException(ProtocolErrorCode.WrongSuite, $"invite pack id 0x{invite.E2EesPackId:x6}, ours {suite.PackId}");
        }

        if (string.IsNullOrEmpty(invite.Version) || string.IsNullOrEmpty(invite.SessionId) || invite.From?.User is null)
        {
            throw new ProtocolException(ProtocolErrorCode.MissingField, "invite lacks version, session_id or from");
        }

        if (!Addresses.SameDevice(invite.To, ourAddress))
        {
            throw new ProtocolException(ProtocolErrorCode.WrongAddress, $"invite is addressed to {Addresses.Format(invite.To)}, we are {Addresses.Format(ourAddress)}");
        }

        KeyChecks.RequireValidKey(suite, invite.AliceIdentityKey.Span, "alice_identity_key");
        KeyChecks.RequireValidKey(suite, invite.AliceBaseKey.Span, "alice_base_key");
    }
}
