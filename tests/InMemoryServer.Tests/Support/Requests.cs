using Google.Protobuf;
using E2eeConformance.Engine.Wire;
using EngineAccount = E2eeConformance.Engine.Accounts.Account;

namespace E2eeConformance.InMemoryServer.Tests.Support;

/// <summary>Request builders shaped as an E2EE Security client makes them.</summary>
internal static class Requests
{
    public const string Version = "\u0001";

    public static RegisterUserRequest Register(EngineAccount account, string userId, string deviceId, int oneTimePreKeys = 100, string authenticator = "")
    {
        var request = new RegisterUserRequest
        {
            UserId = userId,
            DeviceId = deviceId,
            UserName = userId,
            Authenticator = authenticator,
            E2EesPackId = account.Suite.PackId.Value,
            IdentityKeyPublic = account.Identity.Public.ToWire(),
            SignedPreKeyPublic = account.CurrentSignedPreKey.ToPublicWire(),
        };
        request.OneTimePreKeyList.Add(account.OneTimePreKeys.Take(oneTimePreKeys).Select(k => k.ToPublicWire()));
        return request;
    }

    public static GetPreKeyBundleRequest Bundle(Device of, string deviceId = "") =>
        new() { Domain = of.Address.Domain, UserId = of.UserId, DeviceId = deviceId };

    public static InviteRequest Invite(Device from, E2eeAddress to, string sessionId = "session-1") => new()
    {
        Msg = new InviteMsg
        {
            Version = Version,
            E2EesPackId = from.Account.Suite.PackId.Value,
            SessionId = sessionId,
            From = from.Address.Clone(),
            To = to.Clone(),
            AliceBaseKey = ByteString.CopyFrom(1, 2, 3),
            BobSignedPreKeyId = 1,
            BobOneTimePreKeyId = 1,
            InviteT = TestWorld.StartMs,
        },
    };

    public static AcceptRequest Accept(Device from, E2eeAddress to) => new()
    {
        Msg = new AcceptMsg
        {
            From = from.Address.Clone(),
            To = to.Clone(),
            E2EesPackId = from.Account.Suite.PackId.Value,
            RatchetKey = ByteString.CopyFrom(4, 5, 6),
        },
    };

    private static long _messageIds;

    public static SendOne2oneMsgRequest One2One(Device from, E2eeAddress to, params byte[] ciphertext) => new()
    {
        Msg = new E2eeMsg
        {
            Version = Version,
            From = from.Address.Clone(),
            To = to.Clone(),
            MsgId = $"m{Interlocked.Increment(ref _messageIds)}",
            SessionId = "session-1",
            One2OneMsg = new One2oneMsgPayload { Sequence = 0, Ciphertext = ByteString.CopyFrom(ciphertext), RatchetKey = ByteString.CopyFrom(7) },
        },
    };

    public static CreateGroupRequest CreateGroup(Device creator, string name, params (string UserId, GroupRole Role)[] members)
    {
        var info = new GroupInfo { GroupName = name };
        info.GroupMemberList.Add(members.Select(m => new GroupMember { UserId = m.UserId, Domain = TestWorld.Domain, Role = m.Role }));
        return new CreateGroupRequest
        {
            Msg = new CreateGroupMsg { E2EesPackId = creator.Account.Suite.PackId.Value, SenderAddress = creator.Address.Clone(), GroupInfo = info },
        };
    }

    public static AddGroupMembersRequest AddMembers(Device sender, E2eeAddress group, uint sequence, params string[] userIds)
    {
        var msg = new AddGroupMembersMsg
        {
            E2EesPackId = sender.Account.Suite.PackId.Value,
            SenderAddress = sender.Address.Clone(),
            Sequence = sequence,
            GroupInfo = new GroupInfo { GroupAddress = group.Clone(), GroupName = group.Group?.GroupName ?? "" },
        };
        msg.AddingMemberList.Add(userIds.Select(id => new GroupMember { UserId = id, Domain = TestWorld.Domain, Role = GroupRole.Member }));
        return new AddGroupMembersRequest { Msg = msg };
    }

    public static RemoveGroupMembersRequest RemoveMembers(Device sender, E2eeAddress group, params string[] userIds)
    {
        var msg = new RemoveGroupMembersMsg
        {
            E2EesPackId = sender.Account.Suite.PackId.Value,
            SenderAddress = sender.Address.Clone(),
            GroupInfo = new GroupInfo { GroupAddress = group.Clone(), GroupName = group.Group?.GroupName ?? "" },
        };
        msg.RemovingMemberList.Add(userIds.Select(id => new GroupMember { UserId = id, Domain = TestWorld.Domain }));
        return new RemoveGroupMembersRequest { Msg = msg };
    }

    public static AddGroupMemberDeviceRequest AddMemberDevice(Device sender, E2eeAddress group, E2eeAddress newDevice) => new()
    {
        Msg = new AddGroupMemberDeviceMsg
        {
            E2EesPackId = sender.Account.Suite.PackId.Value,
            SenderAddress = sender.Address.Clone(),
            GroupInfo = new GroupInfo { GroupAddress = group.Clone() },
            AddingMemberDevice = new GroupMemberInfo { MemberAddress = newDevice.Clone() },
        },
    };

    public static LeaveGroupRequest Leave(Device sender, E2eeAddress group) =>
        new() { Msg = new LeaveGroupMsg { UserAddress = sender.Address.Clone(), GroupAddress = group.Clone() } };

    public static SendGroupMsgRequest GroupMsg(Device from, E2eeAddress group, byte[] ciphertext, IEnumerable<E2eeAddress>? allow = null, IEnumerable<E2eeAddress>? deny = null)
    {
        var request = new SendGroupMsgRequest
        {
            Msg = new E2eeMsg
            {
                Version = Version,
                From = from.Address.Clone(),
                To = group.Clone(),
                MsgId = $"g{Interlocked.Increment(ref _messageIds)}",
                SessionId = "group-session-1",
                GroupMsg = new GroupMsgPayload { Sequence = 0, Ciphertext = ByteString.CopyFrom(ciphertext), Signature = ByteString.CopyFrom(9) },
            },
        };
        request.AllowList.Add(allow ?? []);
        request.DenyList.Add(deny ?? []);
        return request;
    }

    public static UpdateUserRequest UpdateUser(Device device, string userName) => new()
    {
        Msg = new UpdateUserMsg
        {
            UserAddress = device.Address.Clone(),
            ModifiedDate = TestWorld.StartMs,
            Op = UpdateUserOp.Name,
            UpdateUserNameArg = new UpdateUserNameArg { Username = userName },
        },
    };

    public static PublishSpkRequest PublishSpk(Device device, SignedPreKeyPublic spk) =>
        new() { UserAddress = device.Address.Clone(), SignedPreKeyPublic = spk };

    public static SupplyOpksRequest SupplyOpks(Device device, IEnumerable<OneTimePreKeyPublic> keys)
    {
        var request = new SupplyOpksRequest { E2EesPackId = device.Account.Suite.PackId.Value, UserAddress = device.Address.Clone() };
        request.OneTimePreKeyPublicList.Add(keys);
        return request;
    }

    public static ConsumeProtoMsgRequest Consume(ProtoMsg message) => new() { ProtoMsgId = message.Tag.ProtoMsgId };
}
