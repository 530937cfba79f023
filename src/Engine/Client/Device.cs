using System.Collections.Immutable;
using Google.Protobuf;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// A simulated client device: the whitepaper's client layer (seed 000 §E2EE Protocols) over the engine. It produces
/// requests, consumes responses and reacts to every server-sent ProtoMsg. All I/O goes through the ports: transport,
/// store, randomness, clock, events.
/// </summary>
/// <remarks>
/// Crash safety: processing a ProtoMsg computes the new state, marks the message processed and queues the requests it
/// causes (the consume request last) in one snapshot, saved atomically before anything is sent; the outbox is then sent
/// and emptied. A device restarted from its store re-sends what was not sent, and recognises a redelivered message
/// as processed (no double decrypt, no loss). Events are raised only for committed changes.
/// </remarks>
public sealed partial class Device
{
    private readonly ITransport _transport;
    private readonly IDeviceStateStore<DeviceState> _store;
    private readonly IRandomSource _random;
    private readonly TimeProvider _time;
    private readonly IDeviceEvents<DeviceEvent> _events;
    private readonly List<DeviceEvent> _pendingEvents = [];

    private Device(DeviceState state, ITransport transport, IDeviceStateStore<DeviceState> store, IRandomSource random, TimeProvider time, IDeviceEvents<DeviceEvent> events)
    {
        State = state;
        _transport = transport;
        _store = store;
        _random = random;
        _time = time;
        _events = events;
    }

    /// <summary>The device's current state: replaced (never mutated) by every committed change.</summary>
    public DeviceState State { get; private set; }

    /// <summary>The device's address as the server issued it at registration.</summary>
    public Wire.E2eeAddress Address => State.Address;

    /// <summary>The address and auth token the device presents with every request.</summary>
    public DeviceCredential Credential => new(State.Address, State.Token);

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Creates an account and registers it (seed 000 §Register User): identity key, signed pre-key and
    /// <see cref="ProtocolLimits.OneTimePreKeyBatch"/> one-time pre-keys are published; the server answers with the
    /// address and the credential every later request carries.
    /// </summary>
    public static Device Register(DeviceOptions options, ITransport transport, IDeviceStateStore<DeviceState> store, IRandomSource random, TimeProvider time, IDeviceEvents<DeviceEvent> events)
    {
        Account account = Account.Create(options.Suite, random, time.GetUtcNow().ToUnixTimeMilliseconds(), options.InitialOneTimePreKeys);
        var request = new Wire.RegisterUserRequest
        {
            UserName = options.UserId,
            UserId = options.UserId,
            DeviceId = options.DeviceId,
            E2EesPackId = options.Suite.PackId.Value,
            IdentityKeyPublic = account.Identity.Public.ToWire(),
            SignedPreKeyPublic = account.CurrentSignedPreKey.ToPublicWire(),
        };
        request.OneTimePreKeyList.AddRange(account.OneTimePreKeys.Select(k => k.ToPublicWire()));
        Wire.RegisterUserResponse response = transport.RegisterUser(request);
        if (!IsSuccess(response.Code) || response.Address?.User is null || string.IsNullOrEmpty(response.Auth))
        {
            throw new DeviceRequestException("register_user", response.Code, response.Msg);
        }

        var state = new DeviceState(options.Suite, options.Version, response.Address, response.Auth, account, ImmutableDictionary<string, PeerSessions>.Empty, ImmutableDictionary<string, DeviceGroup>.Empty, [], []);
        var device = new Device(state, transport, store, random, time, events);
        device.Commit(state);
        return device;
    }

    /// <summary>Restarts a device from its store, and sends whatever it had decided to send but not sent.</summary>
    public static Device Restore(ITransport transport, IDeviceStateStore<DeviceState> store, IRandomSource random, TimeProvider time, IDeviceEvents<DeviceEvent> events)
    {
        DeviceState state = store.Load() ?? throw new InvalidOperationException("the store holds no device");
        var device = new Device(state, transport, store, random, time, events);
        device.Flush();
        return device;
    }

    /// <summary>
    /// Client start (REFERENCE-BEHAVIOUR §16, account.c:account_begin): renews the signed pre-key once its 7-day TTL passed
    /// and publishes it; the previous one is kept for invites already in flight.
    /// </summary>
    public void Activate()
    {
        (Account account, SignedPreKey? renewed) = State.Account.RenewSignedPreKeyIfExpired(NowMs, _random);
        if (renewed is null)
        {
            return;
        }

        DeviceState next = (State with { Account = account }).Send(RequestType.PublishSpk, new Wire.PublishSpkRequest
        {
            UserAddress = State.Address.Clone(),
            SignedPreKeyPublic = renewed.ToPublicWire(),
        });
        _pendingEvents.Add(new PreKeysPublished(State.Name, "signed_pre_key", 1));
        Commit(next);
    }

    /// <summary>
    /// Changes this user's display name (seed 000 §Update User): the server tells the user's other devices and its
    /// contacts with an UpdateUserMsg.
    /// </summary>
    public void UpdateUserName(string userName)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        var msg = new Wire.UpdateUserMsg
        {
            ModifiedDate = NowMs,
            UserAddress = State.Address.Clone(),
            Op = Wire.UpdateUserOp.Name,
            UpdateUserNameArg = new Wire.UpdateUserNameArg { Username = userName },
        };
        Wire.UpdateUserResponse response = _transport.UpdateUser(Credential, new Wire.UpdateUserRequest { Msg = msg });
        if (!IsSuccess(response.Code))
        {
            throw new DeviceRequestException("update_user", response.Code, response.Msg);
        }
    }

    /// <summary>
    /// Sends application bytes to every device of a user, and to this user's other devices (seed 000 multi-device
    /// model). Sessions are created on demand (invite; the text waits for the accept) and renewed when a sender chain
    /// reaches the 512 limit — invisibly to the application.
    /// </summary>
    public void SendText(string domain, string userId, ReadOnlySpan<byte> text)
    {
        var plaintext = new Wire.Plaintext { Version = State.Version.Plaintext, CommonMsg = ByteString.CopyFrom(text) };
        DeviceState state = State;
        foreach (Wire.E2eeAddress target in TargetDevices(ref state, domain, userId))
        {
            state = SendPlaintext(state, target, plaintext);
        }

        Commit(state);
    }

    /// <summary>
    /// Processes one server-sent message (seed 000 §Server-sent events protocols) and consumes it. A redelivered
    /// message that was already processed is only consumed. A message that cannot be processed is reported as a
    /// <see cref="ProtocolFailure"/> event, changes nothing, and is consumed (retrying cannot make it valid).
    /// </summary>
    public void Process(Wire.ProtoMsg message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.PayloadCase == Wire.ProtoMsg.PayloadOneofCase.ServerHeartbeatMsg)
        {
            _events.Raise(new HeartbeatReceived(State.Name, message.ServerHeartbeatMsg.ServerT));
            return;
        }

        string id = message.Tag?.ProtoMsgId ?? "";
        DeviceState state = State;
        if (id.Length > 0 && state.HasProcessed(id))
        {
            Commit(state.Send(RequestType.ConsumeProtoMsg, Consume(id)));
            return;
        }

        List<DeviceEvent> events = [];
        try
        {
            state = Handle(state, message, events);
        }
        catch (ProtocolException e)
        {
            state = State;
            events.Clear();
            _pendingEvents.Clear(); // events of the rolled-back change
            events.Add(new ProtocolFailure(State.Name, message.PayloadCase.ToString(), e.Code, e.Detail));
        }
        catch (DeviceRequestException e)
        {
            // A reaction that needed the server (e.g. a manager removing a member that left) was refused.
            state = State;
            events.Clear();
            _pendingEvents.Clear();
            events.Add(new RequestRefused(State.Name, message.PayloadCase.ToString(), e.Request, e.Code));
        }

        _pendingEvents.AddRange(events);
        if (id.Length > 0)
        {
            state = state.MarkProcessed(id).Send(RequestType.ConsumeProtoMsg, Consume(id));
        }

        Commit(state);
    }

    /// <summary>Saves the state (one atomic snapshot), sends the outbox, and raises the events of the committed change.</summary>
    private void Commit(DeviceState state)
    {
        State = state;
        _store.Save(state);
        Flush();
        DeviceEvent[] raised = [.. _pendingEvents];
        _pendingEvents.Clear();
        foreach (DeviceEvent e in raised)
        {
            _events.Raise(e);
        }
    }

    /// <summary>
    /// Sends every queued request in order, then saves the emptied outbox — unless every request sent is idempotent at
    /// the server (a consume; a message, deduplicated by its msg_id): then sending it again after a crash is harmless,
    /// and the emptied outbox is saved with the next change instead (one write per message, not two).
    /// </summary>
    private void Flush()
    {
        if (State.Outbox.IsEmpty)
        {
            return;
        }

        bool idempotent = true;
        foreach (OutboxItem item in State.Outbox)
        {
            SendNow(item);
            idempotent &= item.Kind is RequestType.ConsumeProtoMsg or RequestType.SendOne2oneMsg or RequestType.SendGroupMsg;
        }

        State = State with { Outbox = [] };
        if (!idempotent)
        {
            _store.Save(State);
        }
    }

    private void SendNow(OutboxItem item)
    {
        DeviceCredential credential = Credential;
        switch (item.Kind)
        {
            case RequestType.PublishSpk: _transport.PublishSpk(credential, Wire.PublishSpkRequest.Parser.ParseFrom(item.Request)); break;
            case RequestType.SupplyOpks: _transport.SupplyOpks(credential, Wire.SupplyOpksRequest.Parser.ParseFrom(item.Request)); break;
            case RequestType.Invite: _transport.Invite(credential, Wire.InviteRequest.Parser.ParseFrom(item.Request)); break;
            case RequestType.Accept: _transport.Accept(credential, Wire.AcceptRequest.Parser.ParseFrom(item.Request)); break;
            case RequestType.SendOne2oneMsg: _transport.SendOne2oneMsg(credential, Wire.SendOne2oneMsgRequest.Parser.ParseFrom(item.Request)); break;
            case RequestType.SendGroupMsg: _transport.SendGroupMsg(credential, Wire.SendGroupMsgRequest.Parser.ParseFrom(item.Request)); break;
            case RequestType.ConsumeProtoMsg: _transport.ConsumeProtoMsg(credential, Wire.ConsumeProtoMsgRequest.Parser.ParseFrom(item.Request)); break;
            default: throw new EngineInvariantException($"unknown outbox request {item.Kind}");
        }
    }

    private static Wire.ConsumeProtoMsgRequest Consume(string id) => new() { ProtoMsgId = id, State = Wire.ProtoMsgOpState.Succeededed };

    private static bool IsSuccess(Wire.ResponseCode code) => code is Wire.ResponseCode.Ok or Wire.ResponseCode.Created or Wire.ResponseCode.Accepted or Wire.ResponseCode.NoContent;

    private DeviceState Handle(DeviceState state, Wire.ProtoMsg message, List<DeviceEvent> events) => message.PayloadCase switch
    {
        Wire.ProtoMsg.PayloadOneofCase.InviteMsg => OnInvite(state, message.InviteMsg, events),
        Wire.ProtoMsg.PayloadOneofCase.AcceptMsg => OnAccept(state, message.AcceptMsg, events),
        Wire.ProtoMsg.PayloadOneofCase.E2EeMsg => message.E2EeMsg.PayloadCase == Wire.E2eeMsg.PayloadOneofCase.GroupMsg
            ? OnGroupMessage(state, message.E2EeMsg, events)
            : OnOneToOneMessage(state, message.E2EeMsg, events),
        Wire.ProtoMsg.PayloadOneofCase.SupplyOpksMsg => OnSupplyOpks(state, message.SupplyOpksMsg, events),
        Wire.ProtoMsg.PayloadOneofCase.AddUserDeviceMsg => OnAddUserDevice(state, message.AddUserDeviceMsg),
        Wire.ProtoMsg.PayloadOneofCase.CreateGroupMsg => OnCreateGroup(state, message.CreateGroupMsg, events),
        Wire.ProtoMsg.PayloadOneofCase.AddGroupMembersMsg => OnAddGroupMembers(state, message.AddGroupMembersMsg, events),
        Wire.ProtoMsg.PayloadOneofCase.AddGroupMemberDeviceMsg => OnAddGroupMemberDevice(state, message.AddGroupMemberDeviceMsg, events),
        Wire.ProtoMsg.PayloadOneofCase.RemoveGroupMembersMsg => OnRemoveGroupMembers(state, message.RemoveGroupMembersMsg, events),
        Wire.ProtoMsg.PayloadOneofCase.LeaveGroupMsg => OnLeaveGroup(state, message.LeaveGroupMsg, events),
        Wire.ProtoMsg.PayloadOneofCase.UpdateUserMsg => Raise(state, events, new UserUpdated(state.Name, Addresses.Format(message.UpdateUserMsg.UserAddress), message.UpdateUserMsg.Op.ToString(), message.UpdateUserMsg.UpdateUserNameArg?.Username ?? "")),
        _ => state, // friend/group/system manager messages carry no keys: nothing to change.
    };

    // ---- one-to-one ------------------------------------------------------------------------------------------------

    /// <summary>InviteMsg → inbound session and AcceptMsg (seed 000 §Invite, §Accept; REFERENCE-BEHAVIOUR §21).</summary>
    private DeviceState OnInvite(DeviceState state, Wire.InviteMsg invite, List<DeviceEvent> events)
    {
        if (state.PeerOf(invite.From).Sessions.Any(s => s.Info.SessionId == invite.SessionId))
        {
            throw new ProtocolException(ProtocolErrorCode.Replay, $"an invite for session {invite.SessionId} was already accepted");
        }

        (Account account, EstablishedSession session, Wire.AcceptMsg accept) = SessionResponder.Accept(state.Account, state.Address, invite, _random, state.Version);
        events.Add(new SessionEstablished(state.Name, Addresses.Format(invite.From), session.Info.SessionId, Outbound: false));
        PeerSessions peer = state.PeerOf(invite.From);
        return (state with { Account = account }).WithPeer(peer.WithNewest(session)).Send(RequestType.Accept, new Wire.AcceptRequest { Msg = accept });
    }

    /// <summary>
    /// AcceptMsg → the outbound session is complete; the plaintexts that waited for it are sent, and the peer's messages
    /// that overtook the accept are read (one that fails is reported and dropped; it does not undo the accept).
    /// </summary>
    private DeviceState OnAccept(DeviceState state, Wire.AcceptMsg accept, List<DeviceEvent> events)
    {
        PeerSessions peer = state.PeerOf(accept.From);

        // Not necessarily the newest: when both sides invited each other at once (crossed invites), the peer's invite
        // made an inbound session newer than ours. AcceptMsg names no session; a peer has one awaiting session at most.
        if (peer.Sessions.OfType<AwaitingAcceptSession>().FirstOrDefault() is not { } pending)
        {
            throw new ProtocolException(ProtocolErrorCode.UnexpectedAccept, $"no outbound session is waiting for an accept from {Addresses.Format(accept.From)}");
        }

        EstablishedSession session = pending.Complete(state.Account, accept, _random);
        events.Add(new SessionEstablished(state.Name, Addresses.Format(accept.From), session.Info.SessionId, Outbound: true));
        state = state.WithPeer(peer.WithUpdated(session) with { Waiting = [], Early = [] });
        foreach (Wire.Plaintext waiting in peer.Waiting)
        {
            state = SendPlaintext(state, accept.From, waiting);
        }

        foreach (Wire.E2eeMsg early in peer.Early)
        {
            try
            {
                state = OnOneToOneMessage(state, early, events);
            }
            catch (ProtocolException e)
            {
                events.Add(new ProtocolFailure(state.Name, Wire.ProtoMsg.PayloadOneofCase.E2EeMsg.ToString(), e.Code, e.Detail));
            }
        }

        return state;
    }

    /// <summary>A one-to-one E2eeMsg → decrypt with the session it names; dispatch its Plaintext.</summary>
    private DeviceState OnOneToOneMessage(DeviceState state, Wire.E2eeMsg message, List<DeviceEvent> events)
    {
        PeerSessions peer = state.PeerOf(message.From);
        OneToOneSession? named = peer.Sessions.FirstOrDefault(s => s.Info.SessionId == message.SessionId);
        if (named is AwaitingAcceptSession)
        {
            // The peer accepted and wrote at once; its message overtook the AcceptMsg. Kept (bounded) until the accept.
            return peer.Early.Count < PeerSessions.MaxEarlyMessages
                ? Raise(state.WithPeer(peer with { Early = peer.Early.Add(message.Clone()) }), events, new MessageDeferred(state.Name, Addresses.Format(message.From), message.MsgId, "the session awaits its accept"))
                : throw new ProtocolException(ProtocolErrorCode.SessionNotEstablished, $"session {message.SessionId} with {Addresses.Format(message.From)} still awaits its accept and already holds {PeerSessions.MaxEarlyMessages} early messages");
        }

        if (named is not EstablishedSession session)
        {
            throw new ProtocolException(ProtocolErrorCode.UnknownSession, $"no established session {message.SessionId} with {Addresses.Format(message.From)}");
        }

        (EstablishedSession next, Wire.Plaintext plaintext) = session.Decrypt(message, _random);
        state = state.WithPeer(peer.WithUpdated(next));
        return plaintext.PayloadCase switch
        {
            Wire.Plaintext.PayloadOneofCase.CommonMsg => Raise(state, events, new OneToOneMessageReceived(state.Name, Addresses.Format(message.From), plaintext.CommonMsg.ToByteArray(), message.SessionId, message.MsgId)),
            Wire.Plaintext.PayloadOneofCase.GroupPreKeyBundle => OnGroupSeed(state, message.From, plaintext.GroupPreKeyBundle, events),
            Wire.Plaintext.PayloadOneofCase.GroupUpdateKeyBundle => OnGroupUpdate(state, plaintext.GroupUpdateKeyBundle, events),
            _ => state,
        };
    }

    /// <summary>SupplyOpksMsg → new one-time pre-keys, published (seed 000 §Supply one-time pre-key).</summary>
    private DeviceState OnSupplyOpks(DeviceState state, Wire.SupplyOpksMsg message, List<DeviceEvent> events)
    {
        int requested = message.OpksNum is > 0 and <= ProtocolLimits.MaxUnusedOneTimePreKeys ? (int)message.OpksNum : ProtocolLimits.OneTimePreKeyBatch;
        int count = Math.Min(requested, ProtocolLimits.MaxUnusedOneTimePreKeys - state.Account.UnusedOneTimePreKeyCount);
        if (count <= 0)
        {
            return state; // already holding the most one-time pre-keys a device keeps
        }

        (Account account, ImmutableList<OneTimePreKey> added) = state.Account.WithNewOneTimePreKeys(count, _random);
        var request = new Wire.SupplyOpksRequest { E2EesPackId = state.Suite.PackId.Value, UserAddress = state.Address.Clone() };
        request.OneTimePreKeyPublicList.AddRange(added.Select(k => k.ToPublicWire()));
        events.Add(new PreKeysPublished(state.Name, "one_time_pre_keys", added.Count));
        return (state with { Account = account }).Send(RequestType.SupplyOpks, request);
    }

    /// <summary>AddUserDeviceMsg → invite the new device, so the next message reaches it (seed 000 §NewUserDeviceMsg).</summary>
    private DeviceState OnAddUserDevice(DeviceState state, Wire.AddUserDeviceMsg message)
    {
        Wire.E2eeAddress device = message.UserAddress;
        if (device?.User is null || Addresses.SameDevice(device, state.Address) || state.PeerOf(device).Newest is not null)
        {
            return state;
        }

        state = InviteDevice(state, device, out _);
        bool ownUser = device.Domain == state.Address.Domain && device.User.UserId == state.Address.User.UserId;
        return ownUser ? AddOwnNewDeviceToGroups(state, message) : state;
    }

    /// <summary>
    /// The devices a text for a user goes to: that user's devices we have sessions with, or — the first time — every
    /// device the server has a bundle for; plus this user's own other devices.
    /// </summary>
    private List<Wire.E2eeAddress> TargetDevices(ref DeviceState state, string domain, string userId)
    {
        var targets = new List<Wire.E2eeAddress>();
        foreach ((string d, string u) in new[] { (domain, userId), (state.Address.Domain, state.Address.User.UserId) }.Distinct())
        {
            Wire.E2eeAddress self = state.Address;
            string user = $"{u}@{d}";
            if (!state.KnownUsers.Contains(user))
            {
                foreach (Wire.PreKeyBundle bundle in FetchBundles(d, u, deviceId: ""))
                {
                    if (!Addresses.SameDevice(bundle.UserAddress, self) && state.PeerOf(bundle.UserAddress).Newest is null)
                    {
                        state = InviteWith(state, bundle);
                    }
                }

                state = state with { KnownUsers = state.KnownUsers.Add(user) };
            }

            List<Wire.E2eeAddress> known = [.. state.Peers.Values.Select(p => p.Peer).Where(a => a.Domain == d && a.User?.UserId == u && !Addresses.SameDevice(a, self)).OrderBy(Addresses.Format, StringComparer.Ordinal)];
            targets.AddRange(known);
        }

        return targets;
    }

    /// <summary>Encrypts a Plaintext for one device, creating or renewing the session when needed.</summary>
    private DeviceState SendPlaintext(DeviceState state, Wire.E2eeAddress device, Wire.Plaintext plaintext)
    {
        PeerSessions peer = state.PeerOf(device);
        switch (peer.Newest)
        {
            case EstablishedSession session:
                try
                {
                    (EstablishedSession next, Wire.E2eeMsg message) = session.Encrypt(plaintext, _random);
                    if (plaintext.PayloadCase == Wire.Plaintext.PayloadOneofCase.CommonMsg)
                    {
                        _pendingEvents.Add(new OneToOneMessageSent(state.Name, Addresses.Format(device), message.MsgId, plaintext.CommonMsg.ToByteArray()));
                    }

                    return state.WithPeer(peer.WithUpdated(next)).Send(RequestType.SendOne2oneMsg, new Wire.SendOne2oneMsgRequest { Msg = message });
                }
                catch (ProtocolException e) when (e.Code == ProtocolErrorCode.ChainLimitReached)
                {
                    // The whitepaper's 512 limit: a new outbound session from a fresh bundle; the text waits for its accept.
                    state = InviteDevice(state, device, out bool invited);
                    if (!invited)
                    {
                        throw;
                    }

                    return Queue(state, device, plaintext);
                }

            case AwaitingAcceptSession:
                return Queue(state, device, plaintext);

            default:
                state = InviteDevice(state, device, out bool created);
                return created ? Queue(state, device, plaintext) : state;
        }
    }

    private static DeviceState Queue(DeviceState state, Wire.E2eeAddress device, Wire.Plaintext plaintext)
    {
        PeerSessions peer = state.PeerOf(device);
        return state.WithPeer(peer with { Waiting = peer.Waiting.Add(plaintext) });
    }

    /// <summary>Fetches one device's bundle and invites it; <paramref name="invited"/> is false when the server has none.</summary>
    private DeviceState InviteDevice(DeviceState state, Wire.E2eeAddress device, out bool invited)
    {
        Wire.PreKeyBundle? bundle = FetchBundles(device.Domain, device.User.UserId, device.User.DeviceId).FirstOrDefault(b => Addresses.SameDevice(b.UserAddress, device));
        invited = bundle is not null;
        return bundle is null ? state : InviteWith(state, bundle);
    }

    /// <summary>Verifies a bundle and invites its device (seed 000 §PQKA; §Invite).</summary>
    private DeviceState InviteWith(DeviceState state, Wire.PreKeyBundle bundle)
    {
        VerifiedPreKeyBundle verified = VerifiedPreKeyBundle.Verify(bundle, state.Suite);
        (AwaitingAcceptSession session, Wire.InviteMsg invite) = SessionInitiator.Invite(state.Account, state.Address, verified, _random, NowMs, state.Version);
        PeerSessions peer = state.PeerOf(bundle.UserAddress);
        return state.WithPeer(peer.WithNewest(session)).Send(RequestType.Invite, new Wire.InviteRequest { Msg = invite });
    }

    private IEnumerable<Wire.PreKeyBundle> FetchBundles(string domain, string userId, string deviceId)
    {
        Wire.GetPreKeyBundleResponse response = _transport.GetPreKeyBundle(Credential, new Wire.GetPreKeyBundleRequest { Domain = domain, UserId = userId, DeviceId = deviceId });
        return IsSuccess(response.Code) ? response.PreKeyBundles : [];
    }

    private static DeviceState Raise(DeviceState state, List<DeviceEvent> events, DeviceEvent e)
    {
        events.Add(e);
        return state;
    }

    /// <inheritdoc/>
    public override string ToString() => $"Device({State})";
}
