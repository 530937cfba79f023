using Google.Protobuf;
using System.Security.Cryptography;
using System.Text;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.Delivery;
using E2eeConformance.InMemoryServer.Identifiers;
using E2eeConformance.InMemoryServer.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

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
/// changing anything. It holds public keys, ciphertexts and routing data only: no plaintext, no private key.
/// Thread-safe (one lock); deliveries happen outside the lock, so a sink may call back into the server.
/// </para>
/// </summary>
public sealed partial class E2eeServer
{
    private readonly Lock _gate = new();
    private readonly E2eeServerOptions _options;
    private readonly TimeProvider _time;
    private readonly IServerIdSource _ids;
    private readonly ILogger _logger;

    private readonly Dictionary<string, UserRecord> _users = new(StringComparer.Ordinal);
    private readonly List<UserRecord> _userOrder = [];
    private readonly Dictionary<DeviceKey, DeviceRecord> _devices = [];
    private readonly List<DeviceRecord> _deviceOrder = [];
    private readonly Dictionary<string, GroupRecord> _groups = new(StringComparer.Ordinal);
    private readonly List<GroupRecord> _groupOrder = [];
    private readonly HashSet<string> _issuedProtoMsgIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _issuedTokens = new(StringComparer.Ordinal);

    private long _served;
    private long _refused;
    private long _stored;
    private long _consumed;

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
        _options = (options ?? new E2eeServerOptions()).Copy();
        _options.Validate();
        _time = time ?? TimeProvider.System;
        _ids = ids ?? new SequentialServerIdSource();
        DeliveryPolicy = delivery ?? new ImmediateInOrderDelivery();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The server domain of every address it issues.</summary>
    public string Domain => _options.Domain;

    /// <summary>The delivery policy server-sent messages go through (connect a sink to an <see cref="ImmediateInOrderDelivery"/> here).</summary>
    public IDeliveryPolicy DeliveryPolicy { get; }

    /// <summary>The address server-originated messages (SupplyOpksMsg) come from: the domain alone.</summary>
    public E2eeAddress ServerAddress => new() { Domain = _options.Domain };

    /// <summary>Counters for logs and tests.</summary>
    public ServerStats Stats()
    {
        lock (_gate)
        {
            return new ServerStats(
                _userOrder.Count,
                _deviceOrder.Count,
                _groupOrder.Count,
                _deviceOrder.Sum(d => d.Inbox.Count),
                Interlocked.Read(ref _served),
                Interlocked.Read(ref _refused),
                _stored,
                _consumed);
        }
    }

    /// <summary>The addresses of every registered device, in registration order.</summary>
    public IReadOnlyList<E2eeAddress> Devices()
    {
        lock (_gate)
        {
            return _deviceOrder.Select(d => d.Address.Clone()).ToList();
        }
    }

    /// <summary>How many unused one-time pre-keys the server holds for <paramref name="device"/> (0 for an unknown device).</summary>
    public int OneTimePreKeyStock(E2eeAddress device)
    {
        lock (_gate)
        {
            return TryDevice(device) is { } record ? record.OneTimePreKeys.Count : 0;
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
            foreach (UserRecord user in _userOrder)
            {
                bytes.Add(Encoding.UTF8.GetBytes($"user {user.UserId} name {user.UserName} authenticator {user.Authenticator}"));
                bytes.Add(Encoding.UTF8.GetBytes($"contacts {user.UserId}: {string.Join(",", user.Contacts)}"));
            }

            foreach (DeviceRecord device in _deviceOrder)
            {
                bytes.Add(device.Address.ToByteArray());
                bytes.Add(Encoding.UTF8.GetBytes(device.Token));
                bytes.Add(Encoding.UTF8.GetBytes($"device {device.Key} pack {device.Suite.PackId} registered {device.RegisteredAtMs} supply-requested {device.SupplyRequested}"));
                bytes.Add(device.IdentityKey.ToByteArray());
                bytes.Add(device.SignedPreKey.ToByteArray());
                bytes.AddRange(device.OneTimePreKeys.Select(k => k.ToByteArray()));
                bytes.AddRange(device.Inbox.Select(m => m.ToByteArray()));
            }

            foreach (GroupRecord group in _groupOrder)
            {
                bytes.Add(group.ToGroupInfo().ToByteArray());
                bytes.Add(Encoding.UTF8.GetBytes($"announced {group.GroupId}: {string.Join(",", group.AnnouncedDevices.Select(k => k.ToString()).Order(StringComparer.Ordinal))}"));
            }

            return bytes;
        }
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Runs one request: authenticates (unless registering), runs <paramref name="body"/> under the lock, turns a
    /// <see cref="RefusalException"/> into the refused response, logs, then delivers what the request stored. Any other
    /// exception is a defect of the server: it is logged and answered with INTERNAL_SERVER_ERROR, never thrown.
    /// </summary>
    private TResponse Serve<TResponse>(
        RequestType type,
        DeviceCredential? credential,
        bool authenticate,
        Func<DeviceRecord?, TResponse> body,
        Func<ResponseCode, string, TResponse> refuse)
    {
        TResponse response;
        ResponseCode code = ResponseCode.Ok;
        string reason = "";
        lock (_gate)
        {
            try
            {
                DeviceRecord? caller = authenticate ? Authenticate(credential) : null;
                response = body(caller);
            }
            catch (RefusalException refusal)
            {
                code = refusal.Code;
                reason = refusal.Message;
                response = refuse(code, reason);
            }
#pragma warning disable CA1031 // The request boundary: a defect in the server answers INTERNAL_SERVER_ERROR instead of throwing at the client.
            catch (Exception failure)
#pragma warning restore CA1031
            {
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

    private static string FormatCaller(DeviceCredential? credential, bool authenticate) =>
        !authenticate ? "(registration)" : credential is null ? "(no credential)" : Addresses.Format(credential.Address);

    private static RefusalException Refuse(ResponseCode code, string message) => new(code, message);

    private static RefusalException BadRequest(string message) => new(ResponseCode.BadRequest, message);

    /// <summary>
    /// Authentication: the credential names a registered device of this domain and carries the token issued to it at
    /// registration (compared in constant time). Anything else: UNAUTHORIZED.
    /// </summary>
    private DeviceRecord Authenticate(DeviceCredential? credential)
    {
        if (credential?.Address is not { PeerCase: E2eeAddress.PeerOneofCase.User } address || string.IsNullOrEmpty(credential.Token))
        {
            throw Refuse(ResponseCode.Unauthorized, "a device credential is required");
        }

        DeviceRecord? device = TryDevice(address);
        if (device is null || !TokensEqual(device.Token, credential.Token))
        {
            throw Refuse(ResponseCode.Unauthorized, "the credential is not valid");
        }

        return device;
    }

    private static bool TokensEqual(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));

    private DeviceRecord? TryDevice(E2eeAddress? address) =>
        address is { PeerCase: E2eeAddress.PeerOneofCase.User } && address.Domain == _options.Domain
            ? _devices.GetValueOrDefault(new DeviceKey(address.User.UserId, address.User.DeviceId))
            : null;

    /// <summary>The caller must name itself in <paramref name="claimed"/>: missing is BAD_REQUEST, any other device FORBIDDEN.</summary>
    private static void RequireCaller(DeviceRecord caller, E2eeAddress? claimed, string field)
    {
        if (claimed is null)
        {
            throw BadRequest($"{field} is missing");
        }

        if (!Addresses.SameDevice(claimed, caller.Address))
        {
            throw Refuse(ResponseCode.Forbidden, $"{field} {Addresses.Format(claimed)} is not the caller's device");
        }
    }

    /// <summary>A device address another request names: malformed is BAD_REQUEST, unknown NOT_FOUND.</summary>
    private DeviceRecord FindDevice(E2eeAddress? address, string field)
    {
        if (address is not { PeerCase: E2eeAddress.PeerOneofCase.User } || address.User.UserId.Length == 0 || address.User.DeviceId.Length == 0)
        {
            throw BadRequest($"{field} is not a device address");
        }

        return TryDevice(address) ?? throw Refuse(ResponseCode.NotFound, $"{field} {Addresses.Format(address)} is not a registered device");
    }

    /// <summary>A group address a request names: malformed is BAD_REQUEST, unknown NOT_FOUND.</summary>
    private GroupRecord FindGroup(E2eeAddress? address, string field)
    {
        if (address is not { PeerCase: E2eeAddress.PeerOneofCase.Group } || address.Group.GroupId.Length == 0)
        {
            throw BadRequest($"{field} is not a group address");
        }

        return address.Domain == _options.Domain && _groups.TryGetValue(address.Group.GroupId, out GroupRecord? group)
            ? group
            : throw Refuse(ResponseCode.NotFound, $"{field} {Addresses.Format(address)} is not a known group");
    }

    /// <summary>A user a request names by id (and optionally domain; empty means this server's).</summary>
    private UserRecord FindUser(string userId, string domain, string field)
    {
        if (userId.Length == 0)
        {
            throw BadRequest($"{field} has no user id");
        }

        return (domain.Length == 0 || domain == _options.Domain) && _users.TryGetValue(userId, out UserRecord? user)
            ? user
            : throw Refuse(ResponseCode.NotFound, $"{field} {userId} is not a registered user");
    }

    private void RequireIdentifier(string value, string field, bool allowEmpty)
    {
        if (value.Length == 0 && !allowEmpty)
        {
            throw BadRequest($"{field} is empty");
        }

        if (value.Length > _options.MaxIdentifierLength)
        {
            throw BadRequest($"{field} is longer than {_options.MaxIdentifierLength} characters");
        }

        if (value.Any(char.IsControl))
        {
            throw BadRequest($"{field} contains control characters");
        }
    }

    /// <summary>Draws identifiers until <paramref name="isFree"/> accepts one (a source may repeat itself).</summary>
    private string DrawUnique(ServerIdKind kind, Func<string, bool> isFree)
    {
        const int maxDraws = 1000;
        for (int i = 0; i < maxDraws; i++)
        {
            string id = _ids.Next(kind);
            if (id.Length > 0 && isFree(id))
            {
                return id;
            }
        }

        throw new InvalidOperationException($"the id source gave no unused {kind} in {maxDraws} draws");
    }
}
