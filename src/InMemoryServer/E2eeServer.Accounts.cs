using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.Identifiers;
using E2eeConformance.InMemoryServer.State;

namespace E2eeConformance.InMemoryServer;

/// <summary>Registration, pre-key publication and bundles, user updates.</summary>
public sealed partial class E2eeServer
{
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
        Serve(RequestType.RegisterUser, null, authenticate: false, _ => Register(request), (code, msg) => new RegisterUserResponse { Code = code, Msg = msg });

    private RegisterUserResponse Register(RegisterUserRequest? request)
    {
        if (request is null)
        {
            throw BadRequest("the request is empty");
        }

        CipherSuite suite = RequireSuite(request.E2EesPackId);
        IdentityKeyPublic identity = RequireIdentityKey(suite, request.IdentityKeyPublic);
        SignedPreKeyPublic spk = RequireSignedPreKey(suite, identity, request.SignedPreKeyPublic, "signed_pre_key_public");
        List<OneTimePreKeyPublic> opks = RequireOneTimePreKeys(suite, request.OneTimePreKeyList, [], "one_time_pre_key_list");
        RequireIdentifier(request.UserId, "user_id", allowEmpty: true);
        RequireIdentifier(request.DeviceId, "device_id", allowEmpty: true);
        RequireIdentifier(request.UserName, "user_name", allowEmpty: true);

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
        long now = NowMs();
        if (user is null)
        {
            string userId = request.UserId.Length > 0 ? request.UserId : DrawUnique(ServerIdKind.UserId, id => !_users.ContainsKey(id));
            user = new UserRecord { UserId = userId, UserName = request.UserName, Authenticator = request.Authenticator };
            _users.Add(userId, user);
            _userOrder.Add(user);
        }

        string deviceId = request.DeviceId.Length > 0
            ? request.DeviceId
            : DrawUnique(ServerIdKind.DeviceId, id => !_devices.ContainsKey(new DeviceKey(user.UserId, id)));
        var key = new DeviceKey(user.UserId, deviceId);
        var device = new DeviceRecord
        {
            Key = key,
            Address = Addresses.User(_options.Domain, user.UserId, deviceId, user.UserName),
            Token = DrawUnique(ServerIdKind.CredentialToken, _issuedTokens.Add),
            Suite = suite,
            IdentityKey = identity.Clone(),
            SignedPreKey = spk.Clone(),
            OneTimePreKeys = opks,
            RegisteredAtMs = now,
        };
        List<DeviceRecord> otherDevices = [.. user.Devices];
        List<DeviceRecord> peerDevices = PeerUsersOf(user).SelectMany(u => u.Devices).ToList();
        user.Devices.Add(device);
        _devices.Add(key, device);
        _deviceOrder.Add(device);

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
        response.GroupInfoList.Add(_groupOrder.Where(g => g.Member(user.UserId) is not null).Select(g => g.ToGroupInfo()));

        foreach (DeviceRecord recipient in otherDevices.Concat(peerDevices))
        {
            Store(recipient, device.Address, now, m =>
            {
                m.AddUserDeviceMsg = new AddUserDeviceMsg { UserAddress = device.Address.Clone() };
                m.AddUserDeviceMsg.OldAddressList.Add(otherDevices.Select(d => d.Address.Clone()));
            });
        }

        return response;
    }

    /// <summary>
    /// The users that should hear about <paramref name="user"/>'s new devices: its contacts (first-contact order), then
    /// the members of its groups (group creation order, member order); never the user itself, each once.
    /// </summary>
    private List<UserRecord> PeerUsersOf(UserRecord user)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { user.UserId };
        var peers = new List<UserRecord>();
        IEnumerable<string> groupPeers = _groupOrder
            .Where(g => g.Member(user.UserId) is not null)
            .SelectMany(g => g.Members.Select(m => m.UserId));
        foreach (string userId in user.Contacts.Concat(groupPeers))
        {
            if (seen.Add(userId) && _users.TryGetValue(userId, out UserRecord? peer))
            {
                peers.Add(peer);
            }
        }

        return peers;
    }

    /// <summary>
    /// seed 000 §Publish signed pre-key: replaces the caller's signed pre-key, used by later bundles. The key must be
    /// signed by the caller's identity key and carry a newer spk_id (republishing the current key is accepted and
    /// changes nothing). Refusals: BAD_REQUEST, FORBIDDEN (another device's address), CONFLICT (an older or reused id).
    /// </summary>
    public PublishSpkResponse PublishSpk(DeviceCredential? credential, PublishSpkRequest? request) =>
        Serve(RequestType.PublishSpk, credential, authenticate: true, caller =>
        {
            if (request is null)
            {
                throw BadRequest("the request is empty");
            }

            RequireCaller(caller!, request.UserAddress, "user_address");
            SignedPreKeyPublic spk = RequireSignedPreKey(caller!.Suite, caller.IdentityKey, request.SignedPreKeyPublic, "signed_pre_key_public");
            if (!spk.Equals(caller.SignedPreKey))
            {
                if (spk.SpkId <= caller.SignedPreKey.SpkId)
                {
                    throw Refuse(ResponseCode.RequestConflict, $"spk_id {spk.SpkId} is not newer than the published {caller.SignedPreKey.SpkId}");
                }

                caller.SignedPreKey = spk.Clone();
            }

            return new PublishSpkResponse { Code = ResponseCode.Ok };
        }, (code, msg) => new PublishSpkResponse { Code = code, Msg = msg });

    /// <summary>
    /// seed 000 §Supply one-time pre-key: adds one-time pre-keys to the caller's stock, normally after a SupplyOpksMsg,
    /// and re-arms that notification. Refusals: BAD_REQUEST (no keys, bad key, other pack id, over the limit),
    /// FORBIDDEN (another device's address), CONFLICT (an id already in stock).
    /// </summary>
    public SupplyOpksResponse SupplyOpks(DeviceCredential? credential, SupplyOpksRequest? request) =>
        Serve(RequestType.SupplyOpks, credential, authenticate: true, caller =>
        {
            if (request is null)
            {
                throw BadRequest("the request is empty");
            }

            RequireCaller(caller!, request.UserAddress, "user_address");
            if (request.E2EesPackId != caller!.Suite.PackId.Value)
            {
                throw BadRequest($"e2ees_pack_id 0x{request.E2EesPackId:x6} is not the device's {caller.Suite.PackId}");
            }

            if (request.OneTimePreKeyPublicList.Count == 0)
            {
                throw BadRequest("one_time_pre_key_public_list is empty");
            }

            List<OneTimePreKeyPublic> keys = RequireOneTimePreKeys(caller.Suite, request.OneTimePreKeyPublicList, caller.OneTimePreKeys, "one_time_pre_key_public_list");
            caller.OneTimePreKeys.AddRange(keys);
            caller.SupplyRequested = false;
            return new SupplyOpksResponse { Code = ResponseCode.Ok };
        }, (code, msg) => new SupplyOpksResponse { Code = code, Msg = msg });

    /// <summary>
    /// seed 000 §Get pre-key bundle, §Pre-Key Bundle: one PreKeyBundle per device of the user (or of the one device
    /// named), never the caller's own device. Each carries the device's identity key, current signed pre-key and one
    /// unused one-time pre-key if any, which is removed from the stock once handed out. A device whose stock falls
    /// below <see cref="E2eeServerOptions.OneTimePreKeyRefillThreshold"/> is sent one SupplyOpksMsg (seed 000
    /// §SupplyOpkMsg). Bundles carry no server signature (this server has no signing key; REFERENCE-BEHAVIOUR §17).
    /// Refusals: BAD_REQUEST (no user id, the caller's own device), NOT_FOUND (unknown user or device).
    /// </summary>
    public GetPreKeyBundleResponse GetPreKeyBundle(DeviceCredential? credential, GetPreKeyBundleRequest? request) =>
        Serve(RequestType.GetPreKeyBundle, credential, authenticate: true, caller =>
        {
            if (request is null)
            {
                throw BadRequest("the request is empty");
            }

            UserRecord user = FindUser(request.UserId, request.Domain, "user_id");
            List<DeviceRecord> devices;
            if (request.DeviceId.Length > 0)
            {
                DeviceRecord device = user.Devices.Find(d => d.Key.DeviceId == request.DeviceId)
                    ?? throw Refuse(ResponseCode.NotFound, $"device {user.UserId}/{request.DeviceId} is not registered");
                devices = device == caller ? throw BadRequest("a device does not fetch its own bundle") : [device];
            }
            else
            {
                devices = user.Devices.Where(d => d != caller).ToList();
            }

            long now = NowMs();
            var response = new GetPreKeyBundleResponse { Code = ResponseCode.Ok, UserId = user.UserId };
            foreach (DeviceRecord device in devices)
            {
                OneTimePreKeyPublic? opk = null;
                if (device.OneTimePreKeys.Count > 0)
                {
                    opk = device.OneTimePreKeys[0];
                    device.OneTimePreKeys.RemoveAt(0);
                }

                response.PreKeyBundles.Add(new PreKeyBundle
                {
                    UserAddress = device.Address.Clone(),
                    E2EesPackId = device.Suite.PackId.Value,
                    IdentityKeyPublic = device.IdentityKey.Clone(),
                    SignedPreKeyPublic = device.SignedPreKey.Clone(),
                    OneTimePreKeyPublic = opk,
                });

                if (device.OneTimePreKeys.Count < _options.OneTimePreKeyRefillThreshold && !device.SupplyRequested)
                {
                    device.SupplyRequested = true;
                    Store(device, ServerAddress, now, m => m.SupplyOpksMsg = new SupplyOpksMsg
                    {
                        ServerT = now,
                        OpksNum = _options.OneTimePreKeySupplyCount,
                        UserAddress = device.Address.Clone(),
                    });
                }
            }

            return response;
        }, (code, msg) => new GetPreKeyBundleResponse { Code = code, Msg = msg });

    /// <summary>
    /// seed 000 §Update User, §UpdateUserMsg: forwards the caller's UpdateUserMsg to its user's other devices and to
    /// the devices of every user it has exchanged invites or messages with. Refusals: BAD_REQUEST (no message),
    /// FORBIDDEN (user_address is not the caller's device).
    /// </summary>
    public UpdateUserResponse UpdateUser(DeviceCredential? credential, UpdateUserRequest? request) =>
        Serve(RequestType.UpdateUser, credential, authenticate: true, caller =>
        {
            UpdateUserMsg msg = request?.Msg ?? throw BadRequest("msg is missing");
            RequireCaller(caller!, msg.UserAddress, "msg.user_address");
            UserRecord user = _users[caller!.Key.UserId];
            IEnumerable<DeviceRecord> recipients = user.Devices.Where(d => d != caller)
                .Concat(user.Contacts.Select(id => _users[id]).SelectMany(u => u.Devices));
            long now = NowMs();
            foreach (DeviceRecord recipient in recipients.ToList())
            {
                Store(recipient, caller.Address, now, m => m.UpdateUserMsg = msg.Clone());
            }

            return new UpdateUserResponse { Code = ResponseCode.Ok };
        }, (code, msg) => new UpdateUserResponse { Code = code, Msg = msg });
}
