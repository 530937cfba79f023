using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.State;
using static E2eeConformance.InMemoryServer.RefusalException;

namespace E2eeConformance.InMemoryServer;

/// <summary>
/// The one-to-one relay (seed 000 §Invite, §Accept, §Send one-to-one message): checks that the caller names itself and
/// another registered device, forwards the InviteMsg, AcceptMsg or E2eeMsg to that device's inbox, and records the two
/// users as contacts. Owns no state of its own: devices and contacts belong to the <see cref="AccountRegistry"/>,
/// inboxes to the <see cref="ProtoMsgStore"/>, recent message ids to the <see cref="DuplicateMessageFilter"/>.
/// Used only under the server's lock.
/// </summary>
internal sealed class SessionRelay(ServerContext context, AccountRegistry accounts, ProtoMsgStore store, DuplicateMessageFilter duplicates)
{
    /// <summary>
    /// seed 000 §Invite, §InviteMsg: forwards the InviteMsg with <c>alice_identity_key</c> set to the caller's
    /// registered identity asym public key (REFERENCE-BEHAVIOUR §20), once: a byte-identical re-send is answered OK and
    /// not stored again; see <see cref="E2eeServer.Invite"/>.
    /// </summary>
    public InviteResponse Invite(DeviceRecord caller, InviteRequest? request)
    {
        InviteMsg msg = request?.Msg ?? throw BadRequest("msg is missing");
        AccountRegistry.RequireCaller(caller, msg.From, "msg.from");
        DeviceRecord invitee = RequirePeerDevice(caller, msg.To, "msg.to");
        if (msg.SessionId.Length == 0)
        {
            throw BadRequest("msg.session_id is empty");
        }

        RequireCallerPackId(caller, msg.E2EesPackId, "msg.e2ees_pack_id");

        store.RequireRoom(caller, [invitee], msg.CalculateSize());
        context.Journal.Step("invite validated");
        if (duplicates.IsDuplicate(caller, DuplicateMessageFilter.ContentKey("invite", msg)))
        {
            return new InviteResponse { Code = ResponseCode.Ok, SessionId = msg.SessionId, InviteT = msg.InviteT }; // a re-send after a crash
        }

        InviteMsg forwarded = msg.Clone();
        forwarded.AliceIdentityKey = caller.IdentityKey.AsymPublicKey;
        accounts.RecordContact(caller, invitee);
        store.Store(invitee, caller.Address, context.NowMs(), m => m.InviteMsg = forwarded);
        return new InviteResponse { Code = ResponseCode.Ok, SessionId = msg.SessionId, InviteT = msg.InviteT };
    }

    /// <summary>
    /// seed 000 §Accept, §AcceptMsg: forwards the AcceptMsg to the inviter; a byte-identical re-send of one that carries
    /// a KEM ciphertext (fresh for every accept) is answered OK and not stored again. An accept without one (ECC: its
    /// ratchet key is the acceptor's signed pre-key, REFERENCE-BEHAVIOUR §21) is the same bytes for every session of the
    /// same two devices, so it is always forwarded: dropping it as a re-send would lose a new session's accept. See
    /// <see cref="E2eeServer.Accept"/>.
    /// </summary>
    public AcceptResponse Accept(DeviceRecord caller, AcceptRequest? request)
    {
        AcceptMsg msg = request?.Msg ?? throw BadRequest("msg is missing");
        AccountRegistry.RequireCaller(caller, msg.From, "msg.from");
        DeviceRecord inviter = RequirePeerDevice(caller, msg.To, "msg.to");
        RequireCallerPackId(caller, msg.E2EesPackId, "msg.e2ees_pack_id");

        store.RequireRoom(caller, [inviter], msg.CalculateSize());
        context.Journal.Step("accept validated");
        if (!msg.EncapsCiphertext.IsEmpty && duplicates.IsDuplicate(caller, DuplicateMessageFilter.ContentKey("accept", msg)))
        {
            return new AcceptResponse { Code = ResponseCode.Ok }; // a re-send after a crash
        }

        AcceptMsg forwarded = msg.Clone();
        accounts.RecordContact(caller, inviter);
        store.Store(inviter, caller.Address, context.NowMs(), m => m.AcceptMsg = forwarded);
        return new AcceptResponse { Code = ResponseCode.Ok };
    }

    /// <summary>
    /// seed 000 §Send one-to-one message, §E2eeMsg: forwards an E2eeMsg with a one2one_msg payload to the recipient,
    /// once per message id; see <see cref="E2eeServer.SendOne2oneMsg"/>.
    /// </summary>
    public SendOne2oneMsgResponse SendOne2oneMsg(DeviceRecord caller, SendOne2oneMsgRequest? request)
    {
        E2eeMsg msg = request?.Msg ?? throw BadRequest("msg is missing");
        AccountRegistry.RequireCaller(caller, msg.From, "msg.from");
        DeviceRecord recipient = RequirePeerDevice(caller, msg.To, "msg.to");
        if (msg.PayloadCase != E2eeMsg.PayloadOneofCase.One2OneMsg)
        {
            throw BadRequest("msg has no one2one_msg payload");
        }

        store.RequireRoom(caller, [recipient], msg.CalculateSize()); // before the id is recorded: a refused message is sent again
        if (duplicates.IsDuplicate(caller, msg.MsgId))
        {
            return new SendOne2oneMsgResponse { Code = ResponseCode.Ok };
        }

        context.Journal.Step("one-to-one message validated");
        E2eeMsg forwarded = msg.Clone();
        accounts.RecordContact(caller, recipient);
        store.Store(recipient, caller.Address, context.NowMs(), m => m.E2EeMsg = forwarded);
        return new SendOne2oneMsgResponse { Code = ResponseCode.Ok };
    }

    private DeviceRecord RequirePeerDevice(DeviceRecord caller, E2eeAddress? address, string field)
    {
        DeviceRecord peer = accounts.FindDevice(address, field);
        return peer == caller ? throw BadRequest($"{field} is the caller's own device") : peer;
    }

    private static void RequireCallerPackId(DeviceRecord caller, uint packId, string field)
    {
        if (packId != caller.Suite.PackId.Value)
        {
            throw BadRequest($"{field} 0x{packId:x6} is not the caller's registered {caller.Suite.PackId}");
        }
    }
}
