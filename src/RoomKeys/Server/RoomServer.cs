using E2eeConformance.RoomKeys.Wire;

namespace E2eeConformance.RoomKeys.Server;

/// <summary>
/// The family's in-memory server (seed 002): it registers users' public keys, keeps rooms (members, owner, e2ee on or
/// off, the room-key generation, the replacement mark), routes join requests, invitations, wrapped room keys and
/// messages, and never holds a room key. A request gives the notifications it causes, each addressed to a user.
/// </summary>
/// <remarks>
/// Decisions (docs/protocols/room-keys.md): RK-7 the server numbers generations; RK-8 a join request goes to every
/// member and the first approval admits; RK-9 the owner may remove a member, handled as that member leaving, and the
/// longest-standing member becomes owner when the owner leaves; RK-12 a message or key under the current generation
/// or the one before it is accepted; RK-15 the time after which a room is marked is a parameter.
/// </remarks>
public sealed class RoomServer(RoomServerPolicy? policy = null)
{
    private readonly Dictionary<string, RsaPublicKeyMsg> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RoomSession> _sessions = new(StringComparer.Ordinal);
    private ulong _sequence;

    /// <summary>The replacement timing.</summary>
    public RoomServerPolicy Policy { get; } = policy ?? RoomServerPolicy.Default;

    /// <summary>
    /// A malicious server's substitutions (the finding "the server can substitute a public key"): when it hands out the
    /// public key of a key user, it gives the value user's instead. Empty for an honest server.
    /// </summary>
    public Dictionary<string, string> Substitutions { get; } = new(StringComparer.Ordinal);

    /// <summary>The rooms, by id.</summary>
    public IReadOnlyDictionary<string, RoomSession> Sessions => _sessions;

    /// <summary>Whether <paramref name="user"/> has registered.</summary>
    public bool IsRegistered(string user) => _users.ContainsKey(user);

    /// <summary>Handles one request at <paramref name="nowMs"/>; the notifications it causes, in order.</summary>
    public IReadOnlyList<ServerNotification> Handle(ServerRequest request, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(request);
        var output = new List<ServerNotification>();
        var context = new ServerContext(request.From, nowMs, output, KeyOf);
        if (request.RequestCase == ServerRequest.RequestOneofCase.Register)
        {
            _users[request.From] = request.Register.PublicKey ?? new RsaPublicKeyMsg();
            return output;
        }

        if (!_users.ContainsKey(request.From))
        {
            Refuse(context, request.RequestCase.ToString(), ServerRefusal.NotRegistered, "");
            return output;
        }

        switch (request.RequestCase)
        {
            case ServerRequest.RequestOneofCase.NewSession: NewSession(request.NewSession, context); break;
            case ServerRequest.RequestOneofCase.JoinSession: JoinSession(request.JoinSession, context); break;
            case ServerRequest.RequestOneofCase.AllowUserJoinSession: AllowUserJoinSession(request.AllowUserJoinSession, context); break;
            case ServerRequest.RequestOneofCase.InviteUserToSession: InviteUserToSession(request.InviteUserToSession, context); break;
            case ServerRequest.RequestOneofCase.AcceptJoinSessionApproval: AcceptJoinSessionApproval(request.AcceptJoinSessionApproval, context); break;
            case ServerRequest.RequestOneofCase.SendRoomKey: SendRoomKey(request.SendRoomKey, context); break;
            case ServerRequest.RequestOneofCase.SendMessage: SendMessage(request.SendMessage, context); break;
            case ServerRequest.RequestOneofCase.LeaveSession: Leave(request.LeaveSession.SessionId, request.From, "leave_session", context); break;
            case ServerRequest.RequestOneofCase.RemoveSessionMember: Remove(request.RemoveSessionMember, context); break;
            case ServerRequest.RequestOneofCase.E2EeizeSession: E2eeize(request.E2EeizeSession.SessionId, context); break;
            case ServerRequest.RequestOneofCase.Dee2EeizeSession: Dee2eeize(request.Dee2EeizeSession.SessionId, context); break;
            default: Refuse(context, "request", ServerRefusal.EmptyRequest, ""); break;
        }

        return output;
    }

    private void NewSession(NewSessionRequest r, ServerContext c)
    {
        if (_sessions.ContainsKey(r.SessionId))
        {
            Refuse(c, "new_session", ServerRefusal.SessionExists, r.SessionId);
            return;
        }

        var session = new RoomSession(r.SessionId, c.From, r.E2EeOn, c.NowMs);
        _sessions.Add(r.SessionId, session);
        c.Send(c.From, n => n.NewSession = new NewSessionNotification { SessionId = r.SessionId, E2EeOn = r.E2EeOn, Generation = session.Generation });
    }

    /// <summary>join_session: every member is asked (RK-8), with the joiner's public key.</summary>
    private void JoinSession(JoinSessionRequest r, ServerContext c)
    {
        if (Session(r.SessionId, "join_session", c) is not { } s)
        {
            return;
        }

        if (s.Has(c.From))
        {
            Refuse(c, "join_session", ServerRefusal.AlreadyMember, s.Id);
            return;
        }

        s.JoinRequests.Add(c.From);
        foreach (string member in s.Members)
        {
            c.Send(member, n => n.JoinSessionApproval = new JoinSessionApproval { SessionId = s.Id, User = c.From, PublicKey = KeyOf(c.From) });
        }
    }

    /// <summary>allow_user_join_session: the first member to approve admits the joiner and hands it the room key.</summary>
    private void AllowUserJoinSession(AllowUserJoinSessionRequest r, ServerContext c)
    {
        if (Member(r.SessionId, "allow_user_join_session", c) is not { } s)
        {
            return;
        }

        if (!s.JoinRequests.Contains(r.User))
        {
            Refuse(c, "allow_user_join_session", s.Has(r.User) ? ServerRefusal.AlreadyMember : ServerRefusal.NotPending, s.Id);
            return;
        }

        if (s.E2eeOn && r.Generation > s.Generation)
        {
            Refuse(c, "allow_user_join_session", ServerRefusal.UnknownGeneration, s.Id);
            return;
        }

        s.JoinRequests.Remove(r.User);
        s.Invitations.Remove(r.User);
        s.Members.Add(r.User);
        c.Send(r.User, n => n.AllowUserJoinSession = new AllowUserJoinSessionNotification { SessionId = s.Id, By = c.From, Generation = r.Generation, RoomKey = r.RoomKey, E2EeOn = s.E2eeOn });
        KeyHealing.Keyed(s, r.User, r.Generation, c);
    }

    private void InviteUserToSession(InviteUserToSessionRequest r, ServerContext c)
    {
        if (Member(r.SessionId, "invite_user_to_session", c) is not { } s)
        {
            return;
        }

        if (!_users.ContainsKey(r.User))
        {
            Refuse(c, "invite_user_to_session", ServerRefusal.UnknownUser, s.Id);
            return;
        }

        if (s.Has(r.User))
        {
            Refuse(c, "invite_user_to_session", ServerRefusal.AlreadyMember, s.Id);
            return;
        }

        s.Invitations[r.User] = c.From;
        c.Send(r.User, n => n.InviteUserToSession = new InviteUserToSession { SessionId = s.Id, By = c.From, E2EeOn = s.E2eeOn });
    }

    /// <summary>accept_join_session_approval: the invitee is a member; its inviter gets its public key to hand it the room key.</summary>
    private void AcceptJoinSessionApproval(AcceptJoinSessionApprovalRequest r, ServerContext c)
    {
        if (Session(r.SessionId, "accept_join_session_approval", c) is not { } s)
        {
            return;
        }

        if (s.Has(c.From))
        {
            s.Invitations.Remove(c.From);
            return; // admitted meanwhile (an approval crossed the invitation): nothing left to accept (RK-27)
        }

        if (!s.Invitations.Remove(c.From, out string? inviter))
        {
            Refuse(c, "accept_join_session_approval", ServerRefusal.NotPending, s.Id);
            return;
        }

        s.JoinRequests.Remove(c.From);
        s.Members.Add(c.From);
        string keyHolder = s.Has(inviter) ? inviter : s.Owner; // the inviter may have left meanwhile
        if (s.E2eeOn)
        {
            c.Send(keyHolder, n => n.AcceptSession = new AcceptSessionNotification { SessionId = s.Id, User = c.From, PublicKey = KeyOf(c.From) });
        }
    }

    private void SendRoomKey(SendRoomKeyRequest r, ServerContext c)
    {
        if (Member(r.SessionId, "send_room_key", c) is not { } s)
        {
            return;
        }

        if (!s.Has(r.User))
        {
            Refuse(c, "send_room_key", ServerRefusal.NotAMember, s.Id);
            return;
        }

        if (r.Generation > s.Generation || r.Generation == 0)
        {
            Refuse(c, "send_room_key", ServerRefusal.UnknownGeneration, s.Id);
            return;
        }

        // A key of a generation the room has retired (its sender's newer one was still on its way) is of no use: it is
        // not relayed, and the member gets the current one from its maker instead (RK-22).
        if (r.Generation + 1UL >= s.Generation)
        {
            c.Send(r.User, n => n.ReceiveRoomKey = new ReceiveRoomKeyNotification { SessionId = s.Id, From = c.From, Generation = r.Generation, RoomKey = r.RoomKey });
        }

        KeyHealing.Keyed(s, r.User, r.Generation, c);
    }

    /// <summary>
    /// A message to the room: to every other member; then, when the room is marked (a leave, or the time since the
    /// last replacement), the speaker replaces the room key: UpdateRoomKeyNotification, then a SendRoomKeyNotification
    /// with each other member's public key.
    /// </summary>
    private void SendMessage(SendMessageRequest r, ServerContext c)
    {
        RoomMessage m = r.Message ?? new RoomMessage();
        if (Member(m.SessionId, "send_message", c) is not { } s)
        {
            return;
        }

        if (m.Sender != c.From)
        {
            Refuse(c, "send_message", ServerRefusal.ForgedSender, s.Id);
            return;
        }

        if (m.Encrypted && s.E2eeOn && !Accepted(s, m.Generation, "send_message", c))
        {
            return;
        }

        ulong sequence = ++_sequence;
        foreach (string member in s.Members.Where(u => u != c.From))
        {
            c.Send(member, n => n.Message = new MessageNotification { Message = m.Clone(), ServerSequence = sequence });
        }

        // RK-22: a member admitted under a newer key than this text's (the sender's newest was still on its way) gets
        // the text's key from its sender, who holds it.
        foreach (string member in m.Encrypted && s.E2eeOn ? s.Members.Where(u => u != c.From && !s.Keys.Has(u, m.Generation)).ToList() : [])
        {
            KeyHealing.AskForKey(s, c.From, member, m.Generation, c);
        }

        if (s.E2eeOn && c.NowMs - s.ReplacedAtMs >= Policy.ReplaceAfterMs)
        {
            s.Marked = true;
        }

        // RK-25: a speaker whose text is under the generation before the current one (its newest key is on its way) does
        // not replace: that would retire the very generation the text is under before the members who lack it get it.
        if (s.E2eeOn && s.Marked && (!m.Encrypted || m.Generation == s.Generation))
        {
            KeyHealing.Replace(s, c.From, c);
        }
    }

    private void Remove(RemoveSessionMemberRequest r, ServerContext c)
    {
        if (Member(r.SessionId, "remove_session_member", c) is not { } s)
        {
            return;
        }

        if (s.Owner != c.From)
        {
            Refuse(c, "remove_session_member", ServerRefusal.NotOwner, s.Id);
            return;
        }

        Leave(s.Id, r.User, "remove_session_member", c);
    }

    /// <summary>A member is out (it left, or the owner removed it): the room is marked for a replacement (seed: "someone leaves the group chat").</summary>
    private void Leave(string sessionId, string user, string request, ServerContext c)
    {
        if (Session(sessionId, request, c) is not { } s)
        {
            return;
        }

        if (!s.Has(user))
        {
            Refuse(c, request, ServerRefusal.NotAMember, s.Id);
            return;
        }

        s.Members.Remove(user);
        foreach (string invitee in request == "remove_session_member" ? s.Invitations.Where(i => i.Value == user).Select(i => i.Key).ToList() : [])
        {
            s.Invitations.Remove(invitee); // RK-27: a removed member's invitations are void (a member who left's still stand)
        }

        IReadOnlyList<(string User, uint Generation)> orphaned = s.Keys.Forget(user);
        s.Marked = s.E2eeOn;
        c.Send(user, n => n.LeftSession = new LeftSessionNotification { SessionId = s.Id, By = c.From });
        if (s.Members.Count == 0)
        {
            _sessions.Remove(s.Id);
            return;
        }

        if (s.Owner == user)
        {
            s.Owner = s.Members[0]; // RK-9: the longest-standing member
        }

        if (!s.E2eeOn)
        {
            return;
        }

        KeyHealing.AfterLeave(s, user, orphaned, c);
    }

    /// <summary>e2eeize_session (owner only): on, and "then it is the process of replacing room_key" — at once, by the owner (RK-11).</summary>
    private void E2eeize(string sessionId, ServerContext c)
    {
        if (Owned(sessionId, "e2eeize_session", c) is not { } s)
        {
            return;
        }

        s.E2eeOn = true;
        foreach (string member in s.Members) // the owner too: its device learns the room's state from the server like the others'
        {
            c.Send(member, n => n.E2EeStatus = new E2eeStatusNotification { SessionId = s.Id, E2EeOn = true, By = c.From });
        }

        KeyHealing.Replace(s, c.From, c);
    }

    private void Dee2eeize(string sessionId, ServerContext c)
    {
        if (Owned(sessionId, "dee2eeize_session", c) is not { } s)
        {
            return;
        }

        s.E2eeOn = false;
        s.Marked = false;
        foreach (string member in s.Members) // the owner too, or its device would keep encrypting
        {
            c.Send(member, n => n.E2EeStatus = new E2eeStatusNotification { SessionId = s.Id, E2EeOn = false, By = c.From });
        }
    }

    /// <summary>RK-12: the current generation and the one before it (a member whose new key is still on its way).</summary>
    private static bool Accepted(RoomSession s, uint generation, string request, ServerContext c)
    {
        if (generation > s.Generation)
        {
            Refuse(c, request, ServerRefusal.UnknownGeneration, s.Id);
            return false;
        }

        if (generation + 1 < s.Generation || generation == 0)
        {
            Refuse(c, request, ServerRefusal.RetiredRoomKey, s.Id);
            return false;
        }

        return true;
    }

    /// <summary>The public key the server hands out for <paramref name="user"/> (a malicious server's substitute, when it has one).</summary>
    private RsaPublicKeyMsg KeyOf(string user) =>
        (Substitutions.TryGetValue(user, out string? substitute) && _users.TryGetValue(substitute, out RsaPublicKeyMsg? key) ? key : _users[user]).Clone();

    private RoomSession? Session(string id, string request, ServerContext c)
    {
        if (_sessions.TryGetValue(id, out RoomSession? s))
        {
            return s;
        }

        Refuse(c, request, ServerRefusal.NoSuchSession, id);
        return null;
    }

    private RoomSession? Member(string id, string request, ServerContext c)
    {
        if (Session(id, request, c) is not { } s)
        {
            return null;
        }

        if (s.Has(c.From))
        {
            return s;
        }

        Refuse(c, request, ServerRefusal.NotAMember, id);
        return null;
    }

    private RoomSession? Owned(string id, string request, ServerContext c)
    {
        if (Member(id, request, c) is not { } s)
        {
            return null;
        }

        if (s.Owner == c.From)
        {
            return s;
        }

        Refuse(c, request, ServerRefusal.NotOwner, id);
        return null;
    }

    private static void Refuse(ServerContext c, string request, string code, string sessionId) =>
        c.Send(c.From, n => n.Refused = new RequestRefused { Request = request, Code = code, SessionId = sessionId });
}
