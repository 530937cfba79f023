using System.Collections.Immutable;
using Google.Protobuf;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;

namespace E2eeConformance.Engine.Groups;

/// <summary>
/// One device's view of a group session (seed 000 §Group Session, §Group message; REFERENCE-BEHAVIOUR §35–41): our own
/// sending chain (the outbound group session) and a receiving chain per other member device (the inbound group
/// sessions), all derived from the same seed. Immutable: every step returns a new value, so a failure changes nothing.
/// </summary>
public sealed record GroupSession(
    CipherSuite Suite,
    ProtocolVersion Version,
    string SessionId,
    Wire.GroupInfo GroupInfo,
    GroupMember Owner,
    ChainKey OwnChain,
    ImmutableDictionary<string, GroupReceiverChain> Receivers)
{
    /// <summary>The group's address (from <see cref="GroupInfo"/>).</summary>
    public Wire.E2eeAddress GroupAddress => GroupInfo.GroupAddress;

    /// <summary>Whether the device with member key <paramref name="key"/> is in this session (this device or a receiver).</summary>
    public bool Has(string key) => key == Owner.Key || Receivers.ContainsKey(key);

    /// <summary>Every member device of the session, ourselves first, then the others in address order (deterministic: a hash map's order is not).</summary>
    public IEnumerable<GroupMember> Members => Receivers.Values.Select(r => r.Member).OrderBy(m => m.Key, StringComparer.Ordinal).Prepend(Owner);

    /// <summary>The associated data of a member's group messages: its sign public key twice (REFERENCE-BEHAVIOUR §37).</summary>
    public static byte[] AssociatedData(ReadOnlySpan<byte> senderSignPublicKey) => [.. senderSignPublicKey, .. senderSignPublicKey];

    /// <summary>
    /// Builds the session from a seed (seed 000 §Create group; REFERENCE-BEHAVIOUR §35, 36): every member's chain from
    /// HKDF(seed ‖ sign key). Used by the creator (or remover) and by every member that receives the seed.
    /// </summary>
    public static GroupSession FromSeed(
        CipherSuite suite, ProtocolVersion version, string sessionId, Wire.GroupInfo groupInfo, GroupMember owner,
        IEnumerable<GroupMember> members, ReadOnlySpan<byte> seed)
    {
        if (seed.Length != ProtocolLimits.GroupSeedLength)
        {
            throw new ProtocolException(ProtocolErrorCode.BadGroupBundle, $"group seed is {seed.Length} bytes, expected {ProtocolLimits.GroupSeedLength}");
        }

        var receivers = ImmutableDictionary.CreateBuilder<string, GroupReceiverChain>(StringComparer.Ordinal);
        foreach (GroupMember m in members)
        {
            if (m.Key == owner.Key)
            {
                continue;
            }

            KeyChecks.ExpectLength(m.SignPublicKey.Length, suite.Signature.PublicKeyLength, $"sign_public_key of {m.Key}");
            receivers[m.Key] = GroupReceiverChain.Start(m, GroupChainDerivation.FromSeed(seed, m.SignPublicKey));
        }

        return new GroupSession(suite, version, sessionId, groupInfo.Clone(), owner, GroupChainDerivation.FromSeed(seed, owner.SignPublicKey), receivers.ToImmutable());
    }

    /// <summary>
    /// Encrypts and signs a group message (REFERENCE-BEHAVIOUR §38): mk = MessageKey(CK), c = AES-GCM(mk, AD, raw bytes — no
    /// Plaintext wrapper), signature over c ‖ tag only with the identity sign key; then CK advances. Draws the signature
    /// randomness, then 16 bytes for the msg_id. Fails with <c>chain_limit_reached</c> after 512 messages: the device
    /// then renews the group session (never with <see cref="ProtocolDeviations.NoChainLimit"/>).
    /// </summary>
    public (GroupSession Session, Wire.E2eeMsg Message) Encrypt(Account owner, ReadOnlySpan<byte> text, IRandomSource random, ProtocolDeviations deviations = ProtocolDeviations.None)
    {
        if (!owner.Identity.Sign.PublicKey.AsSpan().SequenceEqual(Owner.SignPublicKey))
        {
            throw new ArgumentException("the account is not this session's owner", nameof(owner));
        }

        if (OwnChain.Index >= ProtocolLimits.MaxMessagesPerChain && !deviations.Has(ProtocolDeviations.NoChainLimit))
        {
            throw new ProtocolException(ProtocolErrorCode.ChainLimitReached, $"the group sender chain already carried {ProtocolLimits.MaxMessagesPerChain} messages; renew the group session");
        }

        byte[] ciphertext;
        using (MessageKey mk = OwnChain.MessageKey())
        {
            ciphertext = AesGcm16.Encrypt(mk, AssociatedData(Owner.SignPublicKey), text);
        }

        byte[] signature = Suite.Signature.Sign(owner.Identity.Sign, ciphertext, random);
        var message = new Wire.E2eeMsg
        {
            Version = Version.Protocol,
            From = Owner.Address.Clone(),
            To = GroupAddress.Clone(),
            MsgId = Uuid.New(random),
            SessionId = SessionId,
            GroupMsg = new Wire.GroupMsgPayload
            {
                Sequence = OwnChain.Index,
                Ciphertext = UnsafeByteOperations.UnsafeWrap(ciphertext),
                Signature = UnsafeByteOperations.UnsafeWrap(signature),
            },
        };
        return (this with { OwnChain = OwnChain.Next() }, message);
    }

    /// <summary>
    /// Verifies and decrypts a group message (REFERENCE-BEHAVIOUR §39, plus the out-of-order store the whitepaper promises):
    /// the signature first, with the sender's sign key; then the chain at the payload's sequence — a stored skipped key
    /// for an older one, skipping (and keeping) keys for a newer one, within the one-to-one limits, unless
    /// <paramref name="deviations"/> (never ours) lifts them or drops out-of-order messages (<see cref="ProtocolDeviations"/>).
    /// </summary>
    public (GroupSession Session, GroupMember Sender, byte[] Text) Decrypt(Wire.E2eeMsg message, ProtocolDeviations deviations = ProtocolDeviations.None)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.PayloadCase != Wire.E2eeMsg.PayloadOneofCase.GroupMsg)
        {
            throw new ProtocolException(ProtocolErrorCode.MissingField, "E2eeMsg carries no group_msg payload");
        }

        if (string.IsNullOrEmpty(message.Version))
        {
            throw new ProtocolException(ProtocolErrorCode.MissingField, "E2eeMsg has no version");
        }

        if (message.SessionId != SessionId)
        {
            throw new ProtocolException(ProtocolErrorCode.UnknownGroupSession, $"message for group session {message.SessionId}, this is {SessionId}");
        }

        if (GroupMember.AddressKey(message.To) != GroupMember.AddressKey(GroupAddress))
        {
            throw new ProtocolException(ProtocolErrorCode.WrongGroup, $"message addressed to {Addresses.Format(message.To)}, session of {Addresses.Format(GroupAddress)}");
        }

        string senderKey = GroupMember.AddressKey(message.From);
        if (!Receivers.TryGetValue(senderKey, out GroupReceiverChain? receiver))
        {
            throw new ProtocolException(ProtocolErrorCode.NotAMember, $"{senderKey} is not a member device of group session {SessionId} (or its chain has not arrived yet)");
        }

        Wire.GroupMsgPayload payload = message.GroupMsg;
        if (payload.Signature.Length != Suite.Signature.SignatureLength
            || !Suite.Signature.Verify(receiver.Member.SignPublicKey, payload.Ciphertext.Span, payload.Signature.Span))
        {
            throw new ProtocolException(ProtocolErrorCode.BadSignature, $"group message signature of {senderKey} does not verify");
        }

        if (payload.Sequence >= ProtocolLimits.MaxMessagesPerChain && !deviations.Has(ProtocolDeviations.NoChainLimit))
        {
            throw new ProtocolException(ProtocolErrorCode.ChainLimitExceeded, $"sequence {payload.Sequence} is past the group chain limit of {ProtocolLimits.MaxMessagesPerChain}");
        }

        byte[] ad = AssociatedData(receiver.Member.SignPublicKey);
        try
        {
            (GroupReceiverChain next, byte[] text) = receiver.Decrypt(payload.Sequence, ad, payload.Ciphertext.Span, deviations);
            GroupSession after = this with { Receivers = Receivers.SetItem(senderKey, next) };
            for (int level = 0; level < next.Retired.Count; level++)
            {
                if (next.Retired[level].State.Chain.Index > receiver.Retired[level].State.Chain.Index)
                {
                    // Read on a retired level past where our copy stood at the add above it: our later levels lagged.
                    after = GroupLagRecovery.AfterRetiredRead(after, senderKey, level, receiver.Retired[level].State.Chain.Index, deviations);
                    break;
                }
            }

            return (after, receiver.Member, text);
        }
        catch (ProtocolException e) when (GroupReceiverChain.IsKeyFailure(e.Code))
        {
            // Our copy of the sender's chain (or of its inviter's) may have lagged through an add: look for the real one.
            if (GroupLagRecovery.TryRecover(this, senderKey, payload.Sequence, ad, payload.Ciphertext.Span, deviations) is { } recovered)
            {
                return (recovered.Session, receiver.Member, recovered.Text);
            }

            throw;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"GroupSession({SessionId}, {Addresses.Format(GroupAddress)}, owner {Owner.Key}, {Receivers.Count} other members, own {OwnChain})";
}
