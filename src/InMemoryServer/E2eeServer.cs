using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.Delivery;
using E2eeConformance.InMemoryServer.Identifiers;
using E2eeConformance.InMemoryServer.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static E2eeConformance.InMemoryServer.RefusalException;

namespace E2eeConformance.InMemoryServer;

/// <summary>
/// The E2EE server of the whitepaper (seed 000 §E2EE Protocols), in memory: the request-response protocols
/// (§Request-response protocols, one public method per request type with the signatures of <see cref="ITransport"/>,
/// plus <see cref="Handle"/> for request bytes), and the server-sent messaging channel (§Server-sent events protocols):
/// every ProtoMsg is tagged with a unique id and the server time, stored per recipient device until that device
/// consumes it, and handed to the <see cref="IDeliveryPolicy"/> for delivery.
/// <para>
/// Honest by default: it authenticates every request with the credential issued at registration, authorizes by
/// device ownership and group role, answers the response codes of §Response code, and refuses a request without
/// changing anything: every request is atomic — one that fails for any reason, an exception thrown mid-way included,
/// leaves everything the server stores and sends as it was (<see cref="RequestJournal"/>, issue 12 §2). It holds public
/// keys, ciphertexts and routing data only: no plaintext, no private key.
/// Thread-safe (one lock); deliveries happen outside the lock, so a sink may call back into the server.
/// </para>
/// <para>
/// A façade: it owns the lock, the request boundary (authentication, refusals, counters, log) and the delivery loop;
/// the protocol state and rules live in its parts: <see cref="AccountRegistry"/> (users, devices, credentials),
/// <see cref="PreKeyDirectory"/> (signed and one-time pre-keys, bundles, refill), <see cref="SessionRelay"/>
/// (invite, accept, one-to-one messages), <see cref="GroupRegistry"/> (groups and their fan-out),
/// <see cref="ProtoMsgStore"/> (inboxes, delivery queue, consumption) and <see cref="RequestDispatcher"/> (request
/// bytes).
/// </para>
/// </summary>
public sealed partial class E2eeServer
{
    private readonly Lock _gate = new();
    private readonly ServerContext _context;
    private readonly ILogger _logger;
    private readonly ProtoMsgStore _store;
    private readonly AccountRegistry _accounts;
    private readonly PreKeyDirectory _preKeys;
    private readonly SessionRelay _sessions;
    private readonly GroupRegistry _groups;
    private readonly DuplicateMessageFilter _duplicates;
    private readonly RequestDispatcher _dispatcher;
    private readonly WireLimits _limits;

    private long _served;
    private long _refused;

    /// <summary>Builds a server. Every dependency is optional so tests can use it as a plain object.</summary>
    /// <param name="options">Settings; copied, so later changes to the object have no effect.</param>
    /// <param name="time">The clock of ProtoMsg timestamps; <see cref="TimeProvider.System"/> if null.</param>
    /// <param name="ids">Identifiers and credential tokens; a <see cref="SequentialServerIdSource"/> if null (deterministic).</param>
    /// <param name="delivery">How stored messages reach devices; an <see cref="ImmediateInOrderDelivery"/> with no sink if null.</param>
    /// <param name="logger">Request log (debug level); none if null.</param>
    public E2eeServer(
        E2eeServerOptions? options = null,
        TimeProvider? time = null,
        IServerIdSource? ids = null,
        IDeliveryPolicy? delivery = null,
        ILogger<E2eeServer>? logger = null)
    {
        E2eeServerOptions settings = (options ?? new E2eeServerOptions()).Copy();
        settings.Validate();
        _context = new ServerContext(settings, time ?? TimeProvider.System, ids ?? new SequentialServerIdSource());
        _limits = settings.RequestLimits();
        DeliveryPolicy = delivery ?? new ImmediateInOrderDelivery();
        _logger = (ILogger?)logger ?? NullLogger.Instance;

        var duplicates = new DuplicateMessageFilter(_context.Journal);
        _store = new ProtoMsgStore(_context);
        _accounts = new AccountRegistry(_context, _store);
        _preKeys = new PreKeyDirectory(_context, _accounts, _store);
        _sessions = new SessionRelay(_context, _accounts, _store, duplicates);
        _groups = new GroupRegistry(_context, _accounts, _store, duplicates);
        _duplicates = duplicates;
        _dispatcher = new RequestDispatcher(this);
    }

    /// <summary>The server domain of every address it issues.</summary>
    public string Domain => _context.Domain;

    /// <summary>The delivery policy server-sent messages go through (connect a sink to an <see cref="ImmediateInOrderDelivery"/> here).</summary>
    public IDeliveryPolicy DeliveryPolicy { get; }

    /// <summary>The address server-originated messages (SupplyOpksMsg) come from: the domain alone.</summary>
    public E2eeAddress ServerAddress => _context.ServerAddress;

    /// <summary>Counters for logs and tests.</summary>
    public ServerStats Stats()
    {
        lock (_gate)
        {
            return new ServerStats(
                _accounts.Users.Count,
                _accounts.Devices.Count,
                _groups.Count,
                _accounts.Devices.Sum(d => d.Inbox.Count),
                Interlocked.Read(ref _served),
                Interlocked.Read(ref _refused),
                _store.Stored,
                _store.Consumed);
        }
    }

    /// <summary>The addresses of every registered device, in registration order.</summary>
    public IReadOnlyList<E2eeAddress> Devices()
    {
        lock (_gate)
        {
            return _accounts.Devices.Select(d => d.Address.Clone()).ToList();
        }
    }

    /// <summary>How many unused one-time pre-keys the server holds for <paramref name="device"/> (0 for an unknown device).</summary>
    public int OneTimePreKeyStock(E2eeAddress device)
    {
        lock (_gate)
        {
            return _preKeys.OneTimePreKeyStock(device);
        }
    }

    /// <summary>
    /// Every byte array the server holds, in a stable order: each device's address, credential token, published public
    /// keys and stored ProtoMsgs (serialized), each user's contacts, each group's info and announced devices. For tests
    /// that scan the server for plaintexts or private keys, and for before/after comparisons (a refused request leaves
    /// this sequence unchanged).
    /// </summary>
    public IReadOnlyList<byte[]> StoredBytes()
    {
        lock (_gate)
        {
            var bytes = new List<byte[]>();
            _accounts.AppendStoredBytes(bytes);
            _groups.AppendStoredBytes(bytes);
            return bytes;
        }
    }

    /// <summary>
    /// seed 000 §Register User: registers a device and returns its address and credential (<c>auth</c>). An empty
    /// user_id makes a new user with a server-assigned id (seed 000 §Addressing); an empty device_id gets a
    /// server-assigned one. A new device of an existing user must present that user's authenticator; the user's other
    /// devices and every user it has exchanged invites or messages with, or shares a group with, are sent an
    /// AddUserDeviceMsg (seed 000 §NewUserDeviceMsg), and the response lists those addresses and the user's groups.
    /// Refusals: BAD_REQUEST (unsupported pack id, bad key, bad SPK signature, bad ids), UNAUTHORIZED (authenticator),
    /// CONFLICT (the device is already registered).
    /// </summary>
    public RegisterUserResponse RegisterUser(RegisterUserRequest? request) =>
        Serve(RequestType.RegisterUser, null, request, authenticate: false, _ => _accounts.Register(request, _groups.GroupsOf), (code, msg) => new RegisterUserResponse { Code = code, Msg = msg });

    /// <summary>
    /// seed 000 §Publish signed pre-key: replaces the caller's signed pre-key, used by later bundles. The key must be
    /// signed by the caller's identity key and carry a newer spk_id (republishing the current key is accepted and
    /// changes nothing). Refusals: BAD_REQUEST, FORBIDDEN (another device's address), CONFLICT (an older or reused id).
    /// </summary>
    public PublishSpkResponse PublishSpk(DeviceCredential? credential, PublishSpkRequest? request) =>
        Serve(RequestType.PublishSpk, credential, request, caller => _preKeys.PublishSpk(caller, request), (code, msg) => new PublishSpkResponse { Code = code, Msg = msg });

    /// <summary>
    /// seed 000 §Supply one-time pre-key: adds one-time pre-keys to the caller's stock, normally after a SupplyOpksMsg,
    /// and re-arms that notification. Refusals: BAD_REQUEST (no keys, bad key, other pack id, over the limit),
    /// FORBIDDEN (another device's address), CONFLICT (an id already in stock).
    /// </summary>
    public SupplyOpksResponse SupplyOpks(DeviceCredential? credential, SupplyOpksRequest? request) =>
        Serve(RequestType.SupplyOpks, credential, request, caller => _preKeys.SupplyOpks(caller, request), (code, msg) => new SupplyOpksResponse { Code = code, Msg = msg });

    /// <summary>
    /// seed 000 §Get pre-key bundle, §Pre-Key Bundle: one PreKeyBundle per device of the user (or of the one device
    /// named), never the caller's own device. Each carries the device's identity key, current signed pre-key and one
    /// unused one-time pre-key if any, which is removed from the stock once handed out. A device whose stock falls
    /// below <see cref="E2eeServerOptions.OneTimePreKeyRefillThreshold"/> is sent one SupplyOpksMsg (seed 000
    /// §SupplyOpkMsg). Bundles carry no server signature (this server has no signing key; REFERENCE-BEHAVIOUR §17).
    /// Refusals: BAD_REQUEST (no user id, the caller's own device), NOT_FOUND (unknown user or device).
    /// </summary>
    public GetPreKeyBundleResponse GetPreKeyBundle(DeviceCredential? credential, GetPreKeyBundleRequest? request) =>
        Serve(RequestType.GetPreKeyBundle, credential, request, caller => _preKeys.GetPreKeyBundle(caller, request), (code, msg) => new GetPreKeyBundleResponse { Code = code, Msg = msg });

    /// <summary>
    /// seed 000 §Update User, §UpdateUserMsg: forwards the caller's UpdateUserMsg to its user's other devices and to
    /// the devices of every user it has exchanged invites or messages with. Refusals: BAD_REQUEST (no message),
    /// FORBIDDEN (user_address is not the caller's device).
    /// </summary>
    public UpdateUserResponse UpdateUser(DeviceCredential? credential, UpdateUserRequest? request) =>
        Serve(RequestType.UpdateUser, credential, request, caller => _accounts.UpdateUser(caller, request), (code, msg) => new UpdateUserResponse { Code = code, Msg = msg });

    /// <summary>
    /// seed 000 §Invite, §InviteMsg: forwards the caller's InviteMsg to the invitee device in a ProtoMsg, after filling
    /// <c>alice_identity_key</c> with the caller's registered identity asym public key (REFERENCE-BEHAVIOUR §20: the client
    /// does not set it; whatever it set is replaced). Answers with the session id and invite time. A byte-identical re-send
    /// (a device restarted after a crash sends its unanswered requests again) is answered the same and not forwarded twice.
    /// Refusals: BAD_REQUEST (no message, no session id, the caller's own device, a pack id other than the caller's),
    /// FORBIDDEN (from is not the caller's device), NOT_FOUND (to is not registered).
    /// </summary>
    public InviteResponse Invite(DeviceCredential? credential, InviteRequest? request) =>
        Serve(RequestType.Invite, credential, request, caller => _sessions.Invite(caller, request), (code, msg) => new InviteResponse { Code = code, Msg = msg });

    /// <summary>
    /// seed 000 §Accept, §AcceptMsg: forwards the caller's AcceptMsg to the inviter device in a ProtoMsg (a byte-identical
    /// re-send of one with a KEM ciphertext once only, as for an invite; an ECC accept, the same bytes for every session
    /// of two devices, every time).
    /// Refusals: BAD_REQUEST (no message, the caller's own device, a pack id other than the caller's), FORBIDDEN
    /// (from is not the caller's device), NOT_FOUND (to is not registered).
    /// </summary>
    public AcceptResponse Accept(DeviceCredential? credential, AcceptRequest? request) =>
        Serve(RequestType.Accept, credential, request, caller => _sessions.Accept(caller, request), (code, msg) => new AcceptResponse { Code = code, Msg = msg });

    /// <summary>
    /// seed 000 §Send one-to-one message, §E2eeMsg: forwards an E2eeMsg with a one2one_msg payload to the recipient
    /// device in a ProtoMsg. Refusals: BAD_REQUEST (no message, not a one2one_msg payload, the caller's own device),
    /// FORBIDDEN (from is not the caller's device), NOT_FOUND (to is not registered).
    /// </summary>
    public SendOne2oneMsgResponse SendOne2oneMsg(DeviceCredential? credential, SendOne2oneMsgRequest? request) =>
        Serve(RequestType.SendOne2oneMsg, credential, request, caller => _sessions.SendOne2oneMsg(caller, request), (code, msg) => new SendOne2oneMsgResponse { Code = code, Msg = msg });

    /// <summary>
    /// seed 000 §Create group, §CreateGroupMsg: creates a group with the members (and roles) of msg.group_info; the
    /// caller's user must be listed as a manager. The server assigns the group address (its domain, a new group_id,
    /// the group name) and answers with it and the member_info_list (every member device's address and identity sign
    /// public key, REFERENCE-BEHAVIOUR §36); every member device except the caller is sent the CreateGroupMsg with that list
    /// and the group info. Refusals: BAD_REQUEST (no message or group info, bad name, empty or repeated members, the
    /// creator not a manager member), FORBIDDEN (sender_address is not the caller's device), NOT_FOUND (a member is
    /// not a registered user).
    /// </summary>
    public CreateGroupResponse CreateGroup(DeviceCredential? credential, CreateGroupRequest? request) =>
        Serve(RequestType.CreateGroup, credential, request, caller => _groups.CreateGroup(caller, request), (code, msg) => new CreateGroupResponse { Code = code, Msg = msg });

    /// <summary>
    /// seed 000 §Add group members, §AddGroupMembersMsg: a manager adds users. Every member device except the caller,
    /// the new members' devices included, is sent the AddGroupMembersMsg with the server's group info, the adding
    /// member list, adding_member_info_list (the new devices and their sign keys) and the request's <c>sequence</c>
    /// (REFERENCE-BEHAVIOUR §41). Refusals: BAD_REQUEST (no message, empty or repeated list), FORBIDDEN (sender_address is
    /// not the caller's device; the caller's user is not a manager), NOT_FOUND (unknown group or user), CONFLICT (a
    /// user is already a member).
    /// </summary>
    public AddGroupMembersResponse AddGroupMembers(DeviceCredential? credential, AddGroupMembersRequest? request) =>
        Serve(RequestType.AddGroupMembers, credential, request, caller => _groups.AddGroupMembers(caller, request), (code, msg) => new AddGroupMembersResponse { Code = code, Msg = msg });

    /// <summary>
    /// seed 000 §Remove group members, §RemoveGroupMembersMsg: a manager removes users. Every member device except the
    /// caller, the removed members' devices included, is sent the RemoveGroupMembersMsg with the server's remaining
    /// group info and member_info_list = the remaining member devices (REFERENCE-BEHAVIOUR §40). Refusals: BAD_REQUEST (no
    /// message, empty or repeated list), FORBIDDEN (sender_address is not the caller's device; the caller's user is
    /// not a manager), NOT_FOUND (unknown group; a user who is not a member), CONFLICT (no manager would remain).
    /// </summary>
    public RemoveGroupMembersResponse RemoveGroupMembers(DeviceCredential? credential, RemoveGroupMembersRequest? request) =>
        Serve(RequestType.RemoveGroupMembers, credential, request, caller => _groups.RemoveGroupMembers(caller, request), (code, msg) => new RemoveGroupMembersResponse { Code = code, Msg = msg });

    /// <summary>
    /// seed 000 §Add group member device, §AddGroupMemberDeviceMsg: a member announces a new device of a member user
    /// to the group. Every member device except the caller, the new device included, is sent the
    /// AddGroupMemberDeviceMsg with the server's group info and adding_member_device = the device and its sign key.
    /// Refusals: BAD_REQUEST (no message or device), FORBIDDEN (sender_address is not the caller's device; the caller
    /// or the device's user is not a member), NOT_FOUND (unknown group or device), CONFLICT (already announced).
    /// </summary>
    public AddGroupMemberDeviceResponse AddGroupMemberDevice(DeviceCredential? credential, AddGroupMemberDeviceRequest? request) =>
        Serve(RequestType.AddGroupMemberDevice, credential, request, caller => _groups.AddGroupMemberDevice(caller, request), (code, msg) => new AddGroupMemberDeviceResponse { Code = code, Msg = msg });

    /// <summary>
    /// seed 000 §Leave group, §LeaveGroupMsg: a member asks to leave. The server sends the LeaveGroupMsg to the group's
    /// manager, which runs the removal (REFERENCE-BEHAVIOUR §40); membership is unchanged until then. As the reference server
    /// does, one device receives it: the first registered device of the first other manager in member order, so the
    /// removal runs once. Refusals: BAD_REQUEST (no message), FORBIDDEN (user_address is not the caller's device; the
    /// caller's user is not a member), NOT_FOUND (unknown group), CONFLICT (the caller's user is the only manager).
    /// </summary>
    public LeaveGroupResponse LeaveGroup(DeviceCredential? credential, LeaveGroupRequest? request) =>
        Serve(RequestType.LeaveGroup, credential, request, caller => _groups.LeaveGroup(caller, request), (code, msg) => new LeaveGroupResponse { Code = code, Msg = msg });

    /// <summary>
    /// seed 000 §Send group message: replicates the E2eeMsg (group_msg payload, to = the group address) to every other
    /// member device, limited to allow_list when it is not empty and never to a device on deny_list.
    /// Refusals: BAD_REQUEST (no message, not a group_msg payload, a list entry that is not a device address),
    /// FORBIDDEN (from is not the caller's device; the caller's user is not a member), NOT_FOUND (unknown group).
    /// </summary>
    public SendGroupMsgResponse SendGroupMsg(DeviceCredential? credential, SendGroupMsgRequest? request) =>
        Serve(RequestType.SendGroupMsg, credential, request, caller => _groups.SendGroupMsg(caller, request), (code, msg) => new SendGroupMsgResponse { Code = code, Msg = msg });

    /// <summary>
    /// seed 000 §Consume ProtoMsg: the device reports that it processed the ProtoMsg with <c>proto_msg_id</c>; the
    /// server removes it from that device's store. Only the caller's own messages can be consumed: an unknown id and
    /// another device's id both answer NOT_FOUND (nothing is revealed about other inboxes).
    /// </summary>
    public ConsumeProtoMsgResponse ConsumeProtoMsg(DeviceCredential? credential, ConsumeProtoMsgRequest? request) =>
        Serve(RequestType.ConsumeProtoMsg, credential, request, caller => _store.Consume(caller, request), (code, msg) => new ConsumeProtoMsgResponse { Code = code, Msg = msg });

    /// <summary>
    /// seed 000 §ServerHeartbeatMsg: answers a ClientHeartbeatMsg with the server's host name and time. Not stored and
    /// never consumed. Null when the credential is not valid (a heartbeat has no response code).
    /// </summary>
    public ServerHeartbeatMsg? Heartbeat(DeviceCredential? credential, ClientHeartbeatMsg? heartbeat) =>
        Serve<ServerHeartbeatMsg?>(RequestType.Heartbeat, credential, heartbeat, _ =>
            heartbeat is null
                ? throw BadRequest("the heartbeat is empty")
                : new ServerHeartbeatMsg { Hostname = _context.Options.Hostname, ServerT = _context.NowMs() },
            (_, _) => null);

    /// <summary>
    /// Parses <paramref name="requestBytes"/> as the request message of <paramref name="type"/>, serves it, and returns
    /// the serialized response. Bytes over <see cref="E2eeServerOptions.MaxRequestBytes"/> are answered with a
    /// PAYLOAD_TOO_LARGE response before they are parsed, bytes that do not parse with a BAD_REQUEST response of that
    /// type (never an exception); neither changes anything. <paramref name="credential"/> is ignored for registration. A heartbeat answers
    /// with a ServerHeartbeatMsg, or no bytes when refused.
    /// </summary>
    public byte[] Handle(RequestType type, DeviceCredential? credential, ReadOnlySpan<byte> requestBytes) =>
        _dispatcher.Handle(type, credential, requestBytes);

    /// <summary>The unconsumed ProtoMsgs of <paramref name="device"/> in the order they were stored (copies); empty for an unknown device.</summary>
    public IReadOnlyList<ProtoMsg> Pending(E2eeAddress device)
    {
        lock (_gate)
        {
            return _store.Pending(_accounts.TryDevice(device));
        }
    }

    /// <summary>
    /// Redelivery until consumed (seed 000 §Consume ProtoMsg): offers every unconsumed ProtoMsg of
    /// <paramref name="device"/> to the delivery policy again, in order, and returns them (copies).
    /// </summary>
    public IReadOnlyList<ProtoMsg> Redeliver(E2eeAddress device)
    {
        List<ProtoMsg> pending;
        lock (_gate)
        {
            pending = _store.QueueRedelivery(_accounts.TryDevice(device));
        }

        DrainDeliveries();
        return pending;
    }

    /// <summary>The request limits (<see cref="E2eeServerOptions.MaxRequestBytes"/> and the field limits).</summary>
    internal WireLimits Limits => _limits;

    /// <summary>Answers PAYLOAD_TOO_LARGE: counted and logged, nothing else done.</summary>
    internal TResponse RefuseTooLarge<TResponse>(RequestType type, string reason, Func<ResponseCode, string, TResponse> refuse)
    {
        Interlocked.Increment(ref _refused);
        ServerLog.RequestServed(_logger, type, "(not read)", (int)ResponseCode.PayloadTooLarge, ResponseCode.PayloadTooLarge, reason);
        return refuse(ResponseCode.PayloadTooLarge, reason);
    }

    /// <summary>Counts and logs request bytes that did not parse (answered BAD_REQUEST by the <see cref="RequestDispatcher"/>).</summary>
    internal void RecordUnparsed(RequestType type, string reason)
    {
        Interlocked.Increment(ref _refused);
        ServerLog.RequestServed(_logger, type, "(unparsed)", (int)ResponseCode.BadRequest, ResponseCode.BadRequest, reason);
    }

    /// <summary>Runs an authenticated request: <paramref name="body"/> gets the caller's device.</summary>
    private TResponse Serve<TResponse>(
        RequestType type,
        DeviceCredential? credential,
        Google.Protobuf.IMessage? request,
        Func<DeviceRecord, TResponse> body,
        Func<ResponseCode, string, TResponse> refuse) =>
        Serve(type, credential, request, authenticate: true, caller => body(caller!), refuse);

    /// <summary>
    /// Runs one request: checks it against the limits first (outside the lock: a large request holds no one up), then
    /// authenticates (unless registering), runs <paramref name="body"/> under the lock, turns a
    /// <see cref="RefusalException"/> into the refused response, logs, then delivers what the request stored. Any other
    /// exception is a defect of the server (or out of memory): it is logged and answered with INTERNAL_SERVER_ERROR,
    /// never thrown. Atomic: a request that fails either way has its changes reverted (<see cref="RequestJournal"/>)
    /// and delivers nothing; only a committed request's messages are queued for delivery.
    /// </summary>
    private TResponse Serve<TResponse>(
        RequestType type,
        DeviceCredential? credential,
        Google.Protobuf.IMessage? request,
        bool authenticate,
        Func<DeviceRecord?, TResponse> body,
        Func<ResponseCode, string, TResponse> refuse)
    {
        if (request is not null && _limits.FirstViolation(request) is { } tooLarge)
        {
            return RefuseTooLarge(type, tooLarge, refuse);
        }

        if (authenticate && credential is not null)
        {
            if (credential.Token?.Length > _limits.MaxIdentifierLength)
            {
                return RefuseTooLarge(type, $"the authenticator is {credential.Token!.Length} characters, over the limit of {_limits.MaxIdentifierLength}", refuse);
            }

            if (credential.Address is not null && _limits.FirstViolation(credential.Address) is { } address)
            {
                return RefuseTooLarge(type, $"the credential's address: {address}", refuse);
            }
        }

        TResponse response;
        ResponseCode code = ResponseCode.Ok;
        string reason = "";
        lock (_gate)
        {
            RequestJournal journal = _context.Journal;
            try
            {
                DeviceRecord? caller = authenticate ? _accounts.Authenticate(credential) : null;
                response = body(caller);
                journal.Step("response built");
                journal.Commit();
                _store.PublishStaged();
            }
            catch (RefusalException refusal)
            {
                RollBack(type);
                code = refusal.Code;
                reason = refusal.Message;
                response = refuse(code, reason);
            }
#pragma warning disable CA1031 // The request boundary: a defect in the server answers INTERNAL_SERVER_ERROR instead of throwing at the client.
            catch (Exception failure)
#pragma warning restore CA1031
            {
                RollBack(type);
                code = ResponseCode.InternalServerError;
                reason = "internal server error";
                response = refuse(code, reason);
                ServerLog.InternalError(_logger, type, failure);
            }
        }

        Interlocked.Increment(ref code == ResponseCode.Ok ? ref _served : ref _refused);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            ServerLog.RequestServed(_logger, type, FormatCaller(credential, authenticate), (int)code, code, reason);
        }

        DrainDeliveries();
        return response;
    }

    /// <summary>Reverts the failed request's changes; a failure to revert is logged (the state may then be inconsistent).</summary>
    private void RollBack(RequestType type)
    {
        if (_context.Journal.RollBack() is { } failure)
        {
            ServerLog.RollBackFailed(_logger, type, failure);
        }
    }

    private static string FormatCaller(DeviceCredential? credential, bool authenticate) =>
        !authenticate ? "(registration)" : credential is null ? "(no credential)" : Addresses.Format(credential.Address);
}
