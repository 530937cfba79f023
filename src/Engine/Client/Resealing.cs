using Google.Protobuf;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// An adversary's re-encryption, for the harness (issue 14 §1: "re-sign or re-encrypt with keys an adversary holds"):
/// with a copy of a device's state, put a replacement text into a message in flight under the very key it was written
/// with, keeping its header, and — a group message — sign the new ciphertext with the copy's own identity key, the
/// only signing key it holds. Honest devices never call it; the key never leaves the engine (<see cref="MessageOpener"/>).
/// </summary>
/// <remarks>
/// <para>The copy holds the key when it is the message's:</para>
/// <list type="bullet">
/// <item>recipient — a one-to-one peer (seed 000 §One2one message: the receiving chain, or a skipped key it kept), or
/// any group member holding the sender's chain (§Group message), at a position it has not read yet;</item>
/// <item>sender — on its sending chain, at a position the chain has not passed yet (the double ratchet's forward
/// secrecy: a key spent is gone).</item>
/// </list>
/// <para>
/// Otherwise it throws <see cref="ProtocolException"/> with the code the copy would report reading the message
/// (<c>unknown_session</c>, <c>replay</c>, <c>superseded_chain</c>, …). A group message resealed by a member that is
/// not its sender carries that member's signature, which the sender's sign key does not verify: seed 000 signs group
/// messages with the sender's identity key, so a member that knows the chain still cannot write as another member.
/// Seed 000 gives the server no signing key, so nothing the server alone holds can re-sign anything.
/// </para>
/// </remarks>
public static class Resealing
{
    /// <summary>
    /// <paramref name="message"/> with <paramref name="text"/> sealed in its place under the message's own key (and,
    /// a group message, signed by <paramref name="holder"/>); everything else (addresses, ids, counters) unchanged.
    /// </summary>
    public static Wire.E2eeMsg Reseal(DeviceState holder, Wire.E2eeMsg message, ReadOnlySpan<byte> text, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentNullException.ThrowIfNull(message);
        return message.PayloadCase switch
        {
            Wire.E2eeMsg.PayloadOneofCase.One2OneMsg => OneToOne(holder, message, text, random),
            Wire.E2eeMsg.PayloadOneofCase.GroupMsg => Group(holder, message, text, random),
            _ => throw new ProtocolException(ProtocolErrorCode.MissingField, "E2eeMsg carries neither a one2one_msg nor a group_msg payload"),
        };
    }

    private static Wire.E2eeMsg OneToOne(DeviceState holder, Wire.E2eeMsg message, ReadOnlySpan<byte> text, IRandomSource random) =>
        SessionOf(holder, message.From, message.SessionId) is { } received ? AsRecipient(received, message, text, random)
        : SessionOf(holder, message.To, message.SessionId) is { } sent ? AsSender(sent, message, text)
        : throw new ProtocolException(ProtocolErrorCode.UnknownSession, $"the copy of {holder.Name} holds no established session {message.SessionId} with {Addresses.Format(message.From)} or {Addresses.Format(message.To)}");

    private static Wire.E2eeMsg Group(DeviceState holder, Wire.E2eeMsg message, ReadOnlySpan<byte> text, IRandomSource random)
    {
        GroupState keys = holder.GroupOf(message.To).Keys
            ?? throw new ProtocolException(ProtocolErrorCode.UnknownGroupSession, $"the copy of {holder.Name} holds no keys of {Addresses.Format(message.To)}");
        GroupSession session = keys.Retired.Select(r => r.Session).Prepend(keys.Current).FirstOrDefault(s => s.SessionId == message.SessionId)
            ?? throw new ProtocolException(ProtocolErrorCode.UnknownGroupSession, $"the copy of {holder.Name} holds no group session {message.SessionId}");
        return InGroup(session, holder.Account, message, text, random);
    }

    /// <summary>The recipient's session reseals a one-to-one message it has not read yet (its receiving chain, a new chain, or a kept skipped key).</summary>
    internal static Wire.E2eeMsg AsRecipient(EstablishedSession session, Wire.E2eeMsg message, ReadOnlySpan<byte> text, IRandomSource random)
    {
        MessageOpener reseal = MessageOpener.ResealWith(WrapperFor(session, text));
        (_, byte[] ciphertext) = DoubleRatchet.Decrypt(session.Info.Suite, session.Ratchet, session.Info.AssociatedData, message.One2OneMsg, random, opener: reseal);
        return WithCiphertext(message, ciphertext);
    }

    /// <summary>
    /// The sender's session reseals a one-to-one message at a position its sending chain has not passed: the chain key
    /// is walked forward to it (seed 000 §One2one message, the symmetric ratchet); a position behind it is a key spent.
    /// </summary>
    internal static Wire.E2eeMsg AsSender(EstablishedSession session, Wire.E2eeMsg message, ReadOnlySpan<byte> text)
    {
        Wire.One2oneMsgPayload payload = message.One2OneMsg;
        SenderChain sender = session.Ratchet.Sender;
        if (!payload.RatchetKey.Span.SequenceEqual(sender.OurRatchetKey))
        {
            throw new ProtocolException(ProtocolErrorCode.SupersededChain, "the message was written on a sending chain the copy no longer holds");
        }

        if (payload.Sequence < sender.ChainKey.Index)
        {
            throw new ProtocolException(ProtocolErrorCode.SupersededChain, $"the copy's sending chain is at {sender.ChainKey.Index}, past position {payload.Sequence}: that key is spent");
        }

        if (payload.Sequence >= ProtocolLimits.MaxMessagesPerChain)
        {
            throw new ProtocolException(ProtocolErrorCode.ChainLimitExceeded, $"sequence {payload.Sequence} is past the chain limit of {ProtocolLimits.MaxMessagesPerChain} messages");
        }

        ChainKey at = sender.ChainKey;
        try
        {
            while (at.Index < payload.Sequence)
            {
                ChainKey next = at.Next();
                if (!ReferenceEquals(at, sender.ChainKey))
                {
                    at.Dispose();
                }

                at = next;
            }

            using MessageKey key = at.MessageKey();
            return WithCiphertext(message, MessageOpener.ResealWith(WrapperFor(session, text)).Open(key, session.Info.AssociatedData, payload.Ciphertext.Span));
        }
        finally
        {
            if (!ReferenceEquals(at, sender.ChainKey))
            {
                at.Dispose(); // the session's own chain key belongs to the session (SecretBytes ownership rule)
            }
        }
    }

    /// <summary>
    /// A group session (the sender's own chain, or a member's copy of the sender's chain) reseals a group message, which
    /// <paramref name="signer"/> signs.
    /// </summary>
    internal static Wire.E2eeMsg InGroup(GroupSession session, Account signer, Wire.E2eeMsg message, ReadOnlySpan<byte> text, IRandomSource random)
    {
        if (message.SessionId != session.SessionId)
        {
            throw new ProtocolException(ProtocolErrorCode.UnknownGroupSession, $"message for group session {message.SessionId}, the copy holds {session.SessionId}");
        }

        string senderKey = GroupMember.AddressKey(message.From);
        (GroupChainState chain, GroupMember sender) = senderKey == session.Owner.Key ? (GroupChainState.Start(session.OwnChain), session.Owner)
            : session.Receivers.TryGetValue(senderKey, out GroupReceiverChain? receiver) ? (receiver.Current, receiver.Member)
            : throw new ProtocolException(ProtocolErrorCode.NotAMember, $"{senderKey} is not a member device of group session {session.SessionId} in this copy");
        Wire.GroupMsgPayload payload = message.GroupMsg;
        (_, byte[] ciphertext) = chain.Decrypt(payload.Sequence, GroupSession.AssociatedData(sender.SignPublicKey), payload.Ciphertext.Span, opener: MessageOpener.ResealWith(text));
        Wire.E2eeMsg resealed = WithCiphertext(message, ciphertext);
        resealed.GroupMsg.Signature = ByteString.CopyFrom(session.Suite.Signature.Sign(signer.Identity.Sign, ciphertext, random));
        return resealed;
    }

    /// <summary>A copy of <paramref name="message"/> with <paramref name="ciphertext"/> in its payload; everything else as it was.</summary>
    private static Wire.E2eeMsg WithCiphertext(Wire.E2eeMsg message, byte[] ciphertext)
    {
        Wire.E2eeMsg copy = message.Clone();
        if (copy.PayloadCase == Wire.E2eeMsg.PayloadOneofCase.GroupMsg)
        {
            copy.GroupMsg.Ciphertext = ByteString.CopyFrom(ciphertext);
        }
        else
        {
            copy.One2OneMsg.Ciphertext = ByteString.CopyFrom(ciphertext);
        }

        return copy;
    }

    private static EstablishedSession? SessionOf(DeviceState holder, Wire.E2eeAddress peer, string sessionId) =>
        holder.Peers.TryGetValue(Addresses.Format(peer), out PeerSessions? p)
            ? p.Sessions.OfType<EstablishedSession>().FirstOrDefault(s => s.Info.SessionId == sessionId)
            : null;

    private static byte[] WrapperFor(EstablishedSession session, ReadOnlySpan<byte> text) =>
        new Wire.Plaintext { Version = session.Info.Version.Plaintext, CommonMsg = ByteString.CopyFrom(text) }.ToByteArray();
}
