using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.State;

namespace E2eeConformance.InMemoryServer;

/// <summary>One-to-one protocols: invite, accept, send one-to-one message.</summary>
public sealed partial class E2eeServer
{
    /// <summary>
    /// seed 000 §Invite, §InviteMsg: forwards the caller's InviteMsg to the invitee device in a ProtoMsg, after filling
    /// <c>alice_identity_key</c> with the caller's registered identity asym public key (REFERENCE-BEHAVIOUR §20: the client
    /// does not set it; whatever it set is replaced). Answers with the session id and invite time.
    /// Refusals: BAD_REQUEST (no message, no session id, the caller's own device, a pack id other than the caller's),
    /// FORBIDDEN (from is not the caller's device), NOT_FOUND (to is not registered).
    /// </summary>
    public InviteResponse Invite(DeviceCredential? credential, InviteRequest? request) =>
        Serve(RequestType.Invite, credential, authenticate: true, caller =>
        {
            InviteMsg msg = request?.Msg ?? throw BadRequest("msg is missing");
            RequireCaller(caller!, msg.From, "msg.from");
            DeviceRecord invitee = RequirePeerDevice(caller!, msg.To, "msg.to");
            if (msg.SessionId.Length == 0)
            {
                throw BadRequest("msg.session_id is empty");
            }

            RequireCallerPackId(caller!, msg.E2EesPackId, "msg.e2ees_pack_id");

            InviteMsg forwarded = msg.Clone();
            forwarded.AliceIdentityKey = caller!.IdentityKey.AsymPublicKey;
            RecordContact(caller, invitee);
            Store(invitee, caller.Address, NowMs(), m => m.InviteMsg = forwarded);
            return new InviteResponse { Code = ResponseCode.Ok, SessionId = msg.SessionId, InviteT = msg.InviteT };
        }, (code, msg) => new InviteResponse { Code = code, Msg = msg });

    /// <summary>
    /// seed 000 §Accept, §AcceptMsg: forwards the caller's AcceptMsg to the inviter device in a ProtoMsg.
    /// Refusals: BAD_REQUEST (no message, the caller's own device, a pack id other than the caller's), FORBIDDEN
    /// (from is not the caller's device), NOT_FOUND (to is not registered).
    /// </summary>
    public AcceptResponse Accept(DeviceCredential? credential, AcceptRequest? request) =>
        Serve(RequestType.Accept, credential, authenticate: true, caller =>
        {
            AcceptMsg msg = request?.Msg ?? throw BadRequest("msg is missing");
            RequireCaller(caller!, msg.From, "msg.from");
            DeviceRecord inviter = RequirePeerDevice(caller!, msg.To, "msg.to");
            RequireCallerPackId(caller!, msg.E2EesPackId, "msg.e2ees_pack_id");

            AcceptMsg forwarded = msg.Clone();
            RecordContact(caller!, inviter);
            Store(inviter, caller!.Address, NowMs(), m => m.AcceptMsg = forwarded);
            return new AcceptResponse { Code = ResponseCode.Ok };
        }, (code, msg) => new AcceptResponse { Code = code, Msg = msg });

    /// <summary>
    /// seed 000 §Send one-to-one message, §E2eeMsg: forwards an E2eeMsg with a one2one_msg payload to the recipient
    /// device in a ProtoMsg. Refusals: BAD_REQUEST (no message, not a one2one_msg payload, the caller's own device),
    /// FORBIDDEN (from is not the caller's device), NOT_FOUND (to is not registered).
    /// </summary>
    public SendOne2oneMsgResponse SendOne2oneMsg(DeviceCredential? credential, SendOne2oneMsgRequest? request) =>
        Serve(RequestType.SendOne2oneMsg, credential, authenticate: true, caller =>
        {
            E2eeMsg msg = request?.Msg ?? throw BadRequest("msg is missing");
            RequireCaller(caller!, msg.From, "msg.from");
            DeviceRecord recipient = RequirePeerDevice(caller!, msg.To, "msg.to");
            if (msg.PayloadCase != E2eeMsg.PayloadOneofCase.One2OneMsg)
            {
                throw BadRequest("msg has no one2one_msg payload");
            }

            if (IsDuplicate(caller!, msg.MsgId))
            {
                return new SendOne2oneMsgResponse { Code = ResponseCode.Ok };
            }

            E2eeMsg forwarded = msg.Clone();
            RecordContact(caller!, recipient);
            Store(recipient, caller!.Address, NowMs(), m => m.E2EeMsg = forwarded);
            return new SendOne2oneMsgResponse { Code = ResponseCode.Ok };
        }, (code, msg) => new SendOne2oneMsgResponse { Code = code, Msg = msg });

    private readonly Dictionary<string, State.RecentMessageIds> _recentMessageIds = new(StringComparer.Ordinal);

    /// <summary>
    /// A message id this device already sent: the request is a re-send (after a device restart) and is answered OK
    /// without storing the message again. Records the id otherwise. Empty ids are never deduplicated.
    /// </summary>
    private bool IsDuplicate(DeviceRecord caller, string msgId)
    {
        if (string.IsNullOrEmpty(msgId))
        {
            return false;
        }

        string key = Engine.Protocol.Addresses.Format(caller.Address);
        if (!_recentMessageIds.TryGetValue(key, out State.RecentMessageIds? ids))
        {
            ids = new State.RecentMessageIds();
            _recentMessageIds[key] = ids;
        }

        if (ids.Contains(msgId))
        {
            return true;
        }

        ids.Add(msgId);
        return false;
    }

    private DeviceRecord RequirePeerDevice(DeviceRecord caller, E2eeAddress? address, string field)
    {
        DeviceRecord peer = FindDevice(address, field);
        return peer == caller ? throw BadRequest($"{field} is the caller's own device") : peer;
    }

    private static void RequireCallerPackId(DeviceRecord caller, uint packId, string field)
    {
        if (packId != caller.Suite.PackId.Value)
        {
            throw BadRequest($"{field} 0x{packId:x6} is not the caller's registered {caller.Suite.PackId}");
        }
    }

    /// <summary>Remembers that two users exchanged invites or messages (the server's stand-in for "has a session with").</summary>
    private void RecordContact(DeviceRecord a, DeviceRecord b)
    {
        _users[a.Key.UserId].AddContact(b.Key.UserId);
        _users[b.Key.UserId].AddContact(a.Key.UserId);
    }
}
