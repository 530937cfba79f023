using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Sessions;

/// <summary>
/// An outbound session that sent its InviteMsg and waits for the AcceptMsg (seed 000 §PQKA). It has no encrypt
/// method: the type makes "encrypting before the accept" impossible to write.
/// </summary>
public sealed record AwaitingAcceptSession(SessionInfo Info, PendingHandshake Pending) : OneToOneSession(Info)
{
    /// <summary>
    /// Completes the session with Bob's AcceptMsg (REFERENCE-BEHAVIOUR §21, 24; ECC: 42). PQC: k1 = Decaps(ik_A, c1),
    /// root from k1 ‖ k2 ‖ k3 [‖ k4], receiver chain CK0 against Bob's ratchet key, then the first KEM step against
    /// SPK_B for Alice's sender chain (draws 32 random bytes). ECC: the state computed at invite time.
    /// </summary>
    public EstablishedSession Complete(Account account, Wire.AcceptMsg accept, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(accept);
        CipherSuite suite = Info.Suite;
        if (accept.E2EesPackId != suite.PackId.Value)
        {
            throw new ProtocolException(ProtocolErrorCode.WrongSuite, $"accept pack id 0x{accept.E2EesPackId:x6}, session {suite.PackId}");
        }

        if (!Addresses.SameDevice(accept.From, Info.TheirAddress) || !Addresses.SameDevice(accept.To, Info.OurAddress))
        {
            throw new ProtocolException(ProtocolErrorCode.WrongAddress, $"accept from {Addresses.Format(accept.From)} to {Addresses.Format(accept.To)} does not match session {Info}");
        }

        KeyChecks.ExpectLength(accept.RatchetKey.Length, suite.Kem.CiphertextLength, "ratchet_key");
        switch (Pending)
        {
            case PendingDhHandshake dh:
                KeyChecks.RequireValidKey(suite, accept.RatchetKey.Span, "ratchet_key");
                if (!accept.RatchetKey.Span.SequenceEqual(dh.TheirSignedPreKey))
                {
                    throw new ProtocolException(ProtocolErrorCode.UnexpectedAccept, "ECC accept ratchet_key is not the signed pre-key the invite used");
                }

                return new EstablishedSession(Info, dh.Ratchet);

            case PendingKemHandshake kem:
                KeyChecks.ExpectLength(accept.EncapsCiphertext.Length, suite.Kem.CiphertextLength, "encaps_ciphertext");
                using (SecretBytes k1 = suite.Kem.Decapsulate(account.Identity.Asym, accept.EncapsCiphertext.Span))
                using (SecretBytes secret = SecretBytes.Own([.. k1.Span, .. kem.PartialSecret.Span]))
                {
                    (SecretBytes root, ChainKey ck0) = SharedSecret.DeriveRoot(secret.Span);
                    KemEncapsulation step = suite.Kem.Encapsulate(kem.TheirSignedPreKey, random);
                    (SecretBytes root1, ChainKey sending) = DoubleRatchet.RatchetStep(root.Span, step.SharedSecret);
                    root.Dispose(); // RK0 only feeds the first ratchet step; the state keeps RK1.
                    var ratchet = new RatchetState(
                        root1,
                        RootSequence: 1,
                        SendingMessageSequence: 0,
                        new SenderChain(step.Ciphertext, kem.TheirSignedPreKey, sending),
                        new ReceiverChain(accept.RatchetKey.ToByteArray(), kem.BaseKey.PrivateKey, ck0, ChainStart: 0),
                        []);
                    return new EstablishedSession(Info, ratchet);
                }

            default:
                throw new EngineInvariantException($"unknown pending handshake {Pending.GetType().Name}");
        }
    }

    /// <summary>The full shared secret S once the accept's k1 is known (for vectors and diagnostics).</summary>
    public static byte[] FullSecret(SecretBytes k1, PendingKemHandshake pending) => [.. k1.Span, .. pending.PartialSecret.Span];
}
