using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.Identifiers;
using E2eeConformance.InMemoryServer.State;
using static E2eeConformance.InMemoryServer.PublicKeyChecks;
using static E2eeConformance.InMemoryServer.RefusalException;

namespace E2eeConformance.InMemoryServer;

/// <summary>
/// The accounts of one server (seed 000 §Register User, §Addressing, §Update User): owns the users (with their
/// authenticators and contacts), the registered devices (with their addresses and credential tokens) in registration
/// order, and the tokens ever issued. Authenticates requests, resolves the users and devices a request names, registers
/// devices and forwards user updates. Used only under the server's lock.
/// </summary>
internal sealed class AccountRegistry(ServerContext context, ProtoMsgStore store)
{
    private readonly Dictionary<string, UserRecord> _users = new(StringComparer.Ordinal);
    private readonly List<UserRecord> _userOrder = [];
    private readonly Dictionary<DeviceKey, DeviceRecord> _devices = [];
    private readonly List<DeviceRecord> _deviceOrder = [];
    private readonly HashSet<string> _issuedTokens = new(StringComparer.Ordinal);

    /// <summary>Every user in registration order.</summary>
    public IReadOnlyList<UserRecord> Users => _userOrder;

    /// <summary>Every device in registration order.</summary>
    public IReadOnlyList<DeviceRecord> Devices => _deviceOrder;

    /// <summary>The registered user <paramref name="userId"/> (an id the server already holds, e.g. a group member's).</summary>
    public UserRecord User(string userId) => _users[userId];

    /// <summary>
    /// seed 000 §Register User: registers a device and returns its address and credential (<c>auth</c>); see
    /// <see cref="E2eeServer.RegisterUser"/>. <paramref name="groupsOf"/> lists a user's groups in creation order: their
    /// members hear about the new device and the response lists them. Validates everything before changing anything.
    /// </summary>
    public RegisterUserResponse Register(RegisterUserRequest? request, Func<string, IReadOnlyList<GroupRecord>> groupsOf)
    {
        if (request is null)
        {
            throw BadRequest("the request is empty");
        }

        CipherSuite suite = RequireSuite(request.E2EesPackId);
        IdentityKeyPublic identity = RequireIdentityKey(suite, request.IdentityKeyPublic);
        SignedPreKeyPublic spk = RequireSignedPreKey(suite, identity, request.SignedPreKeyPublic, "signed_pre_key_public");
        List<OneTimePreKeyPublic> opks = RequireOneTimePreKeys(suite, request.OneTimePreKeyList, [], context.Options.MaxOneTimePreKeysPerDevice, "one_time_pre_key_list");
        context.RequireIdentifier(request.UserId, "user_id", allowEmpty: true);
        context.RequireIdentifier(request.DeviceId, "device_id", allowEmpty: true);
        context.RequireIdentifier(request.UserName, "user_name", allowEmpty: true);

        UserRecord? user = request.UserId.Length > 0 ? _users.GetValueOrDefault(request.UserId) : null;
        if (user is not null)
        {
            if (!TokensEqual(user.Authenticator, request.Authenticator))
            {
                throw Refuse(ResponseCode.Unauthorized, $"the authenticator does not match user {user.UserId}'s");
            }

            if (request.DeviceId.Length > 0 && _devices.ContainsKey(new DeviceKey(user.UserId, request.DeviceId)))
            {
                throw Refuse(ResponseCode.RequestConflict, $"device {user.UserId}/{request.DeviceId} is already registered");
            }
        }

        // Commit: nothing below refuses.
        RequestJournal journal = context.Journal;
        journal.Step("registration validated");
        long now = context.NowMs();
        if (user is null)
        {
            string userId = request.UserId.Length > 0 ? request.UserId : context.DrawUnique(ServerIdKind.UserId, id => !_users.ContainsKey(id));
            user = new UserRecord { UserId = userId, UserName = request.UserName, Authenticator = request.Authenticator };
            _users.Add(userId, user);
            _userOrder.Add(user);
            journal.Changed("user added", () =>
            {
                _users.Remove(userId);
                _userOrder.RemoveAt(_userOrder.Count - 1);
            });
        }

        string deviceId = request.DeviceId.Length > 0
            ? request.DeviceId
            : context.DrawUnique(ServerIdKind.DeviceId, id => !_devices.ContainsKey(new DeviceKey(user.UserId, id)));
        var key = new DeviceKey(user.UserId, deviceId);
        string token = context.DrawUnique(ServerIdKind.CredentialToken, _issuedTokens.Add);
        journal.Changed("credential token issued", () => _issuedTokens.Remove(token));
        var device = new DeviceRecord
        {
            Key = key,
            Address = Addresses.User(context.Domain, user.UserId, deviceId, user.UserName),
            Token = token,
            Suite = suite,
            IdentityKey = identity.Clone(),
            SignedPreKey = spk.Clone(),
            OneTimePreKeys = opks,
            RegisteredAtMs = now,
        };
        IReadOnlyList<GroupRecord> groups = groupsOf(user.UserId);
        List<DeviceRecord> otherDevices = [.. user.Devices];
        List<DeviceRecord> peerDevices = PeerUsersOf(user, groups).SelectMany(u => u.Devices).ToList();
        user.Devices.Add(device);
        _devices.Add(key, device);
        _deviceOrder.Add(device);
        journal.Changed("device added", () =>
        {
            user.Devices.RemoveAt(user.Devices.Count - 1);
            _devices.Remove(key);
            _deviceOrder.RemoveAt(_deviceOrder.Count - 1);
        });

        var response = new RegisterUserResponse
        {
            Code = ResponseCode.Ok,
            Address = device.Address.Clone(),
            Username = user.UserName,
            Auth = device.Token,
            Authenticator = user.Authenticator,
        };
        response.OtherDeviceAddressList.Add(otherDevices.Select(d => d.Address.Clone()));
        response.OtherUserAddressList.Add(peerDevices.Select(d => d.Address.Clone()));
        response.GroupInfoList.Add(groups.Select(g => g.ToGroupInfo()));

        foreach (DeviceRecord recipient in otherDevices.Concat(peerDevices))
        {
            store.Store(recipient, device.Address, now, m =>
            {
                m.AddUserDeviceMsg = new AddUserDeviceMsg { UserAddress = device.Address.Clone() };
                m.AddUserDeviceMsg.OldAddressList.Add(otherDevices.Select(d => d.Address.Clone()));
            });
        }

        return response;
    }

    /// <summary>
    /// seed 000 §Update User, §UpdateUserMsg: forwards the caller's UpdateUserMsg to its user's other devices and to
    /// the devices of every user it has exchanged invites or messages with; see <see cref="E2eeServer.UpdateUser"/>.
    /// </summary>
    public UpdateUserResponse UpdateUser(DeviceRecord caller, UpdateUserRequest? request)
    {
        UpdateUserMsg msg = request?.Msg ?? throw BadRequest("msg is missing");
        RequireCaller(caller, msg.UserAddress, "msg.user_address");
        UserRecord user = _users[caller.Key.UserId];
        List<DeviceRecord> recipients = [.. user.Devices.Where(d => d != caller)
            .Concat(user.Contacts.Select(id => _users[id]).SelectMany(u => u.Devices))];
        store.RequireRoom(caller, recipients, msg.CalculateSize());
        context.Journal.Step("update user validated");
        UpdateUserMsg shared = msg.Clone();
        store.StoreForEach(recipients, caller.Address, m => m.UpdateUserMsg = shared);

        return new UpdateUserResponse { Code = ResponseCode.Ok };
    }

    /// <summary>
    /// Authentication: the credential names a registered device of this domain and carries the token issued to it at
    /// registration (compared in constant time). Anything else: UNAUTHORIZED.
    /// </summary>
    public DeviceRecord Authenticate(DeviceCredential? credential)
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

    /// <summary>The registered device at <paramref name="address"/>, or null (another domain, a group, unknown).</summary>
    public DeviceRecord? TryDevice(E2eeAddress? address) =>
        address is { PeerCase: E2eeAddress.PeerOneofCase.User } && address.Domain == context.Domain
            ? _devices.GetValueOrDefault(new DeviceKey(address.User.UserId, address.User.DeviceId))
            : null;

    /// <summary>A device address another request names: malformed is BAD_REQUEST, unknown NOT_FOUND.</summary>
    public DeviceRecord FindDevice(E2eeAddress? address, string field)
    {
        if (address is not { PeerCase: E2eeAddress.PeerOneofCase.User } || address.User.UserId.Length == 0 || address.User.DeviceId.Length == 0)
        {
            throw BadRequest($"{field} is not a device address");
        }

        return TryDevice(address) ?? throw Refuse(ResponseCode.NotFound, $"{field} {Addresses.Format(address)} is not a registered device");
    }

    /// <summary>A user a request names by id (and optionally domain; empty means this server's).</summary>
    public UserRecord FindUser(string userId, string domain, string field)
    {
        if (userId.Length == 0)
        {
            throw BadRequest($"{field} has no user id");
        }

        return (domain.Length == 0 || domain == context.Domain) && _users.TryGetValue(userId, out UserRecord? user)
            ? user
            : throw Refuse(ResponseCode.NotFound, $"{field} {userId} is not a registered user");
    }

    /// <summary>The caller must name itself in <paramref name="claimed"/>: missing is BAD_REQUEST, any other device FORBIDDEN.</summary>
    public static void RequireCaller(DeviceRecord caller, E2eeAddress? claimed, string field)
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

    /// <summary>Remembers that two users exchanged invites or messages (the server's stand-in for "has a session with").</summary>
    public void RecordContact(DeviceRecord a, DeviceRecord b)
    {
        AddContact(_users[a.Key.UserId], b.Key.UserId);
        AddContact(_users[b.Key.UserId], a.Key.UserId);
    }

    /// <summary>The tokens issued: for whole-state comparisons in tests.</summary>
    public IEnumerable<string> Describe() =>
        _issuedTokens.Order(StringComparer.Ordinal).Select(t => $"token {t}")
            .Concat(_users.Keys.Order(StringComparer.Ordinal).Select(u => $"user index {u}"))
            .Concat(_devices.Keys.Select(k => k.ToString()).Order(StringComparer.Ordinal).Select(k => $"device index {k}"))
            .Concat(_deviceOrder.Select(d => $"inbox of {d.Key}: {d.Inbox.Describe()}"));

    /// <summary>
    /// Appends what the accounts hold, in a stable order: each user's name, authenticator and contacts, then each
    /// device's address, credential token, published public keys and stored ProtoMsgs (serialized).
    /// </summary>
    public void AppendStoredBytes(List<byte[]> bytes)
    {
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
            bytes.AddRange(device.Inbox.Messages.Select(m => m.ToByteArray()));
        }
    }

    /// <summary>
    /// The users that should hear about <paramref name="user"/>'s new devices: its contacts (first-contact order), then
    /// the members of its <paramref name="groups"/> (creation order, member order); never the user itself, each once.
    /// </summary>
    private List<UserRecord> PeerUsersOf(UserRecord user, IReadOnlyList<GroupRecord> groups)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { user.UserId };
        var peers = new List<UserRecord>();
        IEnumerable<string> groupPeers = groups.SelectMany(g => g.Members.Select(m => m.UserId));
        foreach (string userId in user.Contacts.Concat(groupPeers))
        {
            if (seen.Add(userId) && _users.TryGetValue(userId, out UserRecord? peer))
            {
                peers.Add(peer);
            }
        }

        return peers;
    }

    private void AddContact(UserRecord user, string contact)
    {
        if (user.AddContact(contact))
        {
            context.Journal.Changed("contact recorded", () => user.Contacts.RemoveAt(user.Contacts.Count - 1));
        }
    }

    private static bool TokensEqual(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}
