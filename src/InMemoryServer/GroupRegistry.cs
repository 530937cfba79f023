using System.Text;
using Google.Protobuf;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.Identifiers;
using E2eeConformance.InMemoryServer.State;
using static E2eeConformance.InMemoryServer.RefusalException;

namespace E2eeConformance.InMemoryServer;

/// <summary>
/// The groups of one server (seed 000 §Create group, §Add group members, §Remove group members, §Add group member
/// device, §Leave group, §Send group message): owns every group in creation order with its members, roles and announced
/// devices; checks who may change a group, applies the change, and fans the group's messages out to the member
/// devices' inboxes (in member order, each user's devices in registration order). Users and devices belong to the
/// <see cref="AccountRegistry"/>, inboxes to the <see cref="ProtoMsgStore"/>. Used only under the server's lock.
/// </summary>
internal sealed class GroupRegistry(ServerContext context, AccountRegistry accounts, ProtoMsgStore store, DuplicateMessageFilter duplicates)
{
    private readonly Dictionary<string, GroupRecord> _groups = new(StringComparer.Ordinal);
    private readonly List<GroupRecord> _groupOrder = [];

    /// <summary>How many groups exist.</summary>
    public int Count => _groupOrder.Count;

    /// <summary>The groups <paramref name="userId"/> is a member of, in creation order.</summary>
    public IReadOnlyList<GroupRecord> GroupsOf(string userId) => _groupOrder.Where(g => g.Member(userId) is not null).ToList();

    /// <summary>Appends each group's info and announced devices, in creation order .</summary>
    public void AppendStoredBytes(List<byte[]> bytes)
    {
        foreach (GroupRecord group in _groupOrder)
        {
            bytes.Add(group.ToGroupInfo().ToByteArray());
            bytes.Add(Encoding.UTF8.GetBytes($"announced {group.GroupId}: {string.Join(",", group.AnnouncedDevices.Select(k => k.ToString()).Order(StringComparer.Ordinal))}"));
        }
    }

    /// <summary>The groups by id and each group's member index and version: for whole-state comparisons in tests.</summary>
    public IEnumerable<string> Describe() =>
        _groups.Keys.Order(StringComparer.Ordinal).Select(id => $"group {id}: {_groups[id].Describe()}");

    /// <summary>
    /// seed 000 §Create group, §CreateGroupMsg: creates the group with a new group_id, the caller's user a manager, and
    /// sends the CreateGroupMsg (with member_info_list) to every other member device; see <see cref="E2eeServer.CreateGroup"/>.
    /// </summary>
    public CreateGroupResponse CreateGroup(DeviceRecord caller, CreateGroupRequest? request)
    {
        CreateGroupMsg msg = request?.Msg ?? throw BadRequest("msg is missing");
        AccountRegistry.RequireCaller(caller, msg.SenderAddress, "msg.sender_address");
        GroupInfo info = msg.GroupInfo ?? throw BadRequest("msg.group_info is missing");
        context.RequireIdentifier(info.GroupName, "msg.group_info.group_name", allowEmpty: false);
        List<GroupMember> members = RequireNewMembers(info.GroupMemberList, null, "msg.group_info.group_member_list");
        if (members.Find(m => m.UserId == caller.Key.UserId)?.Role != GroupRole.Manager)
        {
            throw BadRequest("the creator's user must be a member with the manager role");
        }

        List<DeviceRecord> memberDevices = [.. members.SelectMany(m => accounts.User(m.UserId).Devices)];
        long noticeBytes = RequireGroupFits(members.Count, memberDevices);
        store.RequireRoom(caller, memberDevices.Where(d => d != caller), (int)noticeBytes);

        // Commit.
        context.Journal.Step("create group validated");
        string groupId = context.DrawUnique(ServerIdKind.GroupId, id => !_groups.ContainsKey(id));
        var group = new GroupRecord
        {
            Address = new E2eeAddress { Domain = context.Domain, Group = new PeerGroup { GroupName = info.GroupName, GroupId = groupId } },
            Name = info.GroupName,
        };
        group.AddMembers(members); // a new object: stored only below
        List<DeviceRecord> devices = MemberDevices(group);
        group.Announce(devices.Select(d => d.Key));
        _groups.Add(groupId, group);
        _groupOrder.Add(group);
        context.Journal.Changed("group created", () =>
        {
            _groups.Remove(groupId);
            _groupOrder.RemoveAt(_groupOrder.Count - 1);
        });
        List<GroupMemberInfo> infos = devices.Select(MemberInfo).ToList();

        CreateGroupMsg forwarded = msg.Clone();
        forwarded.SenderAddress = caller.Address.Clone();
        forwarded.GroupInfo = group.ToGroupInfo();
        forwarded.MemberInfoList.Clear();
        forwarded.MemberInfoList.Add(infos);
        store.StoreForEach(devices.Where(d => d != caller), caller.Address, m => m.CreateGroupMsg = forwarded); // one shared copy

        var response = new CreateGroupResponse { Code = ResponseCode.Ok, GroupAddress = group.Address.Clone(), MembershipVersion = group.MembershipVersion };
        response.MemberInfoList.Add(infos.Select(i => i.Clone()));
        return response;
    }

    /// <summary>
    /// seed 000 §Add group members, §AddGroupMembersMsg: a manager adds users; every other member device, the new ones
    /// included, is sent the AddGroupMembersMsg; see <see cref="E2eeServer.AddGroupMembers"/>.
    /// </summary>
    public AddGroupMembersResponse AddGroupMembers(DeviceRecord caller, AddGroupMembersRequest? request)
    {
        AddGroupMembersMsg msg = request?.Msg ?? throw BadRequest("msg is missing");
        AccountRegistry.RequireCaller(caller, msg.SenderAddress, "msg.sender_address");
        GroupRecord group = FindGroup(msg.GroupInfo?.GroupAddress, "msg.group_info.group_address");
        RequireManager(group, caller);
        List<GroupMember> adding = RequireNewMembers(msg.AddingMemberList, group, "msg.adding_member_list");
        List<DeviceRecord> after = [.. MemberDevices(group), .. adding.SelectMany(m => accounts.User(m.UserId).Devices)];
        long noticeBytes = RequireGroupFits(group.Members.Count + adding.Count, after);
        store.RequireRoom(caller, after.Where(d => d != caller), (int)noticeBytes);

        // Commit.
        context.Journal.Step("add members validated");
        context.Journal.Changed("members added", group.AddMembers(adding));
        BumpVersion(group);
        List<DeviceRecord> newDevices = adding.SelectMany(m => accounts.User(m.UserId).Devices).ToList();
        context.Journal.Changed("new members' devices announced", group.Announce(newDevices.Select(d => d.Key)));
        List<GroupMemberInfo> infos = newDevices.Select(MemberInfo).ToList();

        AddGroupMembersMsg forwarded = msg.Clone();
        forwarded.SenderAddress = caller.Address.Clone();
        forwarded.GroupInfo = group.ToGroupInfo();
        forwarded.AddingMemberList.Clear();
        forwarded.AddingMemberList.Add(adding.Select(m => m.Clone()));
        forwarded.AddingMemberInfoList.Clear();
        forwarded.AddingMemberInfoList.Add(infos);
        store.StoreForEach(MemberDevices(group).Where(d => d != caller), caller.Address, m => m.AddGroupMembersMsg = forwarded);

        var response = new AddGroupMembersResponse { Code = ResponseCode.Ok, MembershipVersion = group.MembershipVersion };
        response.AddedGroupMemberList.Add(adding.Select(m => m.Clone()));
        response.GroupMemberList.Add(group.Members.Select(m => m.Clone()));
        response.AddingMemberInfoList.Add(infos.Select(i => i.Clone()));
        return response;
    }

    /// <summary>
    /// seed 000 §Remove group members, §RemoveGroupMembersMsg: a manager removes users, keeping a manager; every other
    /// member device, the removed ones included, is sent the RemoveGroupMembersMsg; see <see cref="E2eeServer.RemoveGroupMembers"/>.
    /// </summary>
    public RemoveGroupMembersResponse RemoveGroupMembers(DeviceRecord caller, RemoveGroupMembersRequest? request)
    {
        RemoveGroupMembersMsg msg = request?.Msg ?? throw BadRequest("msg is missing");
        AccountRegistry.RequireCaller(caller, msg.SenderAddress, "msg.sender_address");
        GroupRecord group = FindGroup(msg.GroupInfo?.GroupAddress, "msg.group_info.group_address");
        RequireManager(group, caller);
        List<GroupMember> removing = RequireCurrentMembers(msg.RemovingMemberList, group, "msg.removing_member_list");
        if (!group.Members.Except(removing).Any(m => m.Role == GroupRole.Manager))
        {
            throw Refuse(ResponseCode.RequestConflict, "the group would have no manager left");
        }

        List<DeviceRecord> recipients = MemberDevices(group).Where(d => d != caller).ToList();
        store.RequireRoom(caller, recipients, (int)RequireGroupFits(group.Members.Count, recipients));

        // Commit.
        context.Journal.Step("remove members validated");
        context.Journal.Changed("members removed", group.RemoveMembers(removing));
        BumpVersion(group);
        List<GroupMemberInfo> infos = MemberDevices(group).Select(MemberInfo).ToList();

        RemoveGroupMembersMsg forwarded = msg.Clone();
        forwarded.SenderAddress = caller.Address.Clone();
        forwarded.GroupInfo = group.ToGroupInfo();
        forwarded.RemovingMemberList.Clear();
        forwarded.RemovingMemberList.Add(removing.Select(m => m.Clone()));
        forwarded.MemberInfoList.Clear();
        forwarded.MemberInfoList.Add(infos);
        store.StoreForEach(recipients, caller.Address, m => m.RemoveGroupMembersMsg = forwarded);

        var response = new RemoveGroupMembersResponse { Code = ResponseCode.Ok, MembershipVersion = group.MembershipVersion };
        response.RemovedGroupMemberList.Add(removing.Select(m => m.Clone()));
        response.GroupMemberList.Add(group.Members.Select(m => m.Clone()));
        response.MemberInfoList.Add(infos.Select(i => i.Clone()));
        return response;
    }

    /// <summary>
    /// seed 000 §Add group member device, §AddGroupMemberDeviceMsg: announces a member's new device to every other
    /// member device; see <see cref="E2eeServer.AddGroupMemberDevice"/>.
    /// </summary>
    public AddGroupMemberDeviceResponse AddGroupMemberDevice(DeviceRecord caller, AddGroupMemberDeviceRequest? request)
    {
        AddGroupMemberDeviceMsg msg = request?.Msg ?? throw BadRequest("msg is missing");
        AccountRegistry.RequireCaller(caller, msg.SenderAddress, "msg.sender_address");
        GroupRecord group = FindGroup(msg.GroupInfo?.GroupAddress, "msg.group_info.group_address");
        RequireMember(group, caller);
        DeviceRecord device = accounts.FindDevice(
            (msg.AddingMemberDevice ?? throw BadRequest("msg.adding_member_device is missing")).MemberAddress,
            "msg.adding_member_device.member_address");
        if (group.Member(device.Key.UserId) is null)
        {
            throw Refuse(ResponseCode.Forbidden, $"{device.Key} does not belong to a member of the group");
        }

        if (group.AnnouncedDevices.Contains(device.Key))
        {
            throw Refuse(ResponseCode.RequestConflict, $"{device.Key} is already a device of the group");
        }

        List<DeviceRecord> devices = MemberDevices(group);
        store.RequireRoom(caller, devices.Where(d => d != caller), (int)RequireGroupFits(group.Members.Count, devices));

        // Commit.
        context.Journal.Step("add member device validated");
        context.Journal.Changed("device announced", group.Announce([device.Key]));
        BumpVersion(group);
        GroupMemberInfo info = MemberInfo(device);
        AddGroupMemberDeviceMsg forwarded = msg.Clone();
        forwarded.SenderAddress = caller.Address.Clone();
        forwarded.GroupInfo = group.ToGroupInfo();
        forwarded.AddingMemberDevice = info;
        store.StoreForEach(MemberDevices(group).Where(d => d != caller), caller.Address, m => m.AddGroupMemberDeviceMsg = forwarded);

        var response = new AddGroupMemberDeviceResponse { Code = ResponseCode.Ok, AddingMemberDeviceInfo = info.Clone(), MembershipVersion = group.MembershipVersion };
        response.GroupMemberList.Add(group.Members.Select(m => m.Clone()));
        return response;
    }

    /// <summary>
    /// seed 000 §Leave group, §LeaveGroupMsg: sends the LeaveGroupMsg to one device of another manager, which runs the
    /// removal; membership is unchanged here; see <see cref="E2eeServer.LeaveGroup"/>.
    /// </summary>
    public LeaveGroupResponse LeaveGroup(DeviceRecord caller, LeaveGroupRequest? request)
    {
        LeaveGroupMsg msg = request?.Msg ?? throw BadRequest("msg is missing");
        AccountRegistry.RequireCaller(caller, msg.UserAddress, "msg.user_address");
        GroupRecord group = FindGroup(msg.GroupAddress, "msg.group_address");
        RequireMember(group, caller);
        GroupMember manager = group.Members.FirstOrDefault(m => m.Role == GroupRole.Manager && m.UserId != caller.Key.UserId)
            ?? throw Refuse(ResponseCode.RequestConflict, "the only manager cannot leave the group");

        DeviceRecord managerDevice = accounts.User(manager.UserId).Devices[0];
        store.RequireRoom(caller, [managerDevice], msg.CalculateSize());

        // Commit.
        context.Journal.Step("leave group validated");
        LeaveGroupMsg forwarded = msg.Clone();
        forwarded.UserAddress = caller.Address.Clone();
        forwarded.GroupAddress = group.Address.Clone();
        store.Store(managerDevice, caller.Address, context.NowMs(), m => m.LeaveGroupMsg = forwarded);
        return new LeaveGroupResponse
        {
            Code = ResponseCode.Ok,
            LeaveGroupMemberAddress = caller.Address.Clone(),
            GroupAddress = group.Address.Clone(),
        };
    }

    /// <summary>
    /// seed 000 §Send group message: replicates the E2eeMsg to every other member device, within allow_list and outside
    /// deny_list, once per message id; see <see cref="E2eeServer.SendGroupMsg"/>.
    /// </summary>
    public SendGroupMsgResponse SendGroupMsg(DeviceRecord caller, SendGroupMsgRequest? request)
    {
        E2eeMsg msg = request?.Msg ?? throw BadRequest("msg is missing");
        AccountRegistry.RequireCaller(caller, msg.From, "msg.from");
        GroupRecord group = FindGroup(msg.To, "msg.to");
        RequireMember(group, caller);
        if (msg.PayloadCase != E2eeMsg.PayloadOneofCase.GroupMsg)
        {
            throw BadRequest("msg has no group_msg payload");
        }

        HashSet<DeviceKey> allow = DeviceKeys(request!.AllowList, "allow_list");
        HashSet<DeviceKey> deny = DeviceKeys(request.DenyList, "deny_list");

        List<DeviceRecord> recipients = [.. MemberDevices(group)
            .Where(d => d != caller && (allow.Count == 0 || allow.Contains(d.Key)) && !deny.Contains(d.Key))];
        store.RequireRoom(caller, recipients, msg.CalculateSize()); // before the id is recorded: a refused message is sent again
        if (duplicates.IsDuplicate(caller, msg.MsgId))
        {
            return new SendGroupMsgResponse { Code = ResponseCode.Ok };
        }

        // Commit.
        context.Journal.Step("group message validated");
        E2eeMsg shared = msg.Clone(); // one copy for every recipient, never the caller's object
        store.StoreForEach(recipients, caller.Address, m => m.E2EeMsg = shared);
        return new SendGroupMsgResponse { Code = ResponseCode.Ok };
    }

    /// <summary>One more membership change (reverted if the request fails).</summary>
    private void BumpVersion(GroupRecord group)
    {
        group.MembershipVersion++;
        context.Journal.Changed("membership version", () => group.MembershipVersion--);
    }

    /// <summary>A group address a request names: malformed is BAD_REQUEST, unknown NOT_FOUND.</summary>
    private GroupRecord FindGroup(E2eeAddress? address, string field)
    {
        if (address is not { PeerCase: E2eeAddress.PeerOneofCase.Group } || address.Group.GroupId.Length == 0)
        {
            throw BadRequest($"{field} is not a group address");
        }

        return address.Domain == context.Domain && _groups.TryGetValue(address.Group.GroupId, out GroupRecord? group)
            ? group
            : throw Refuse(ResponseCode.NotFound, $"{field} {Addresses.Format(address)} is not a known group");
    }

    /// <summary>
    /// A group of <paramref name="users"/> member users and <paramref name="devices"/> must fit in what a device accepts
    /// (<see cref="WireLimits.Default"/>): its member list and its device list within the list limit, and its seed —
    /// which lists every member device with its signature key, inside a one-to-one ciphertext — within the ciphertext
    /// limit (ML-DSA-87 keys: about 3,000 devices; curve25519: the list limit). Refused with PAYLOAD_TOO_LARGE before
    /// anything changes; otherwise the estimated size of a notice listing them all (bytes).
    /// </summary>
    private static long RequireGroupFits(int users, IReadOnlyCollection<DeviceRecord> devices)
    {
        WireLimits limits = WireLimits.Default;
        long bytes = 1024 + (64L * users) + devices.Sum(d => d.IdentityKey.SignPublicKey.Length + d.Address.CalculateSize() + 8L);
        if (users > limits.MaxListLength || devices.Count > limits.MaxListLength || bytes > limits.MaxCiphertextBytes - 65_536)
        {
            throw Refuse(
                ResponseCode.PayloadTooLarge,
                $"a group of {users} users and {devices.Count} devices (about {bytes} bytes of member keys) is over what devices accept");
        }

        return bytes;
    }

    /// <summary>The devices of every member user: members in order, each user's devices in registration order.</summary>
    private List<DeviceRecord> MemberDevices(GroupRecord group) =>
        group.Members.SelectMany(m => accounts.User(m.UserId).Devices).ToList();

    private static GroupMemberInfo MemberInfo(DeviceRecord device) => new()
    {
        MemberAddress = device.Address.Clone(),
        SignPublicKey = device.IdentityKey.SignPublicKey,
    };

    private static GroupMember RequireMember(GroupRecord group, DeviceRecord caller) =>
        group.Member(caller.Key.UserId) ?? throw Refuse(ResponseCode.Forbidden, $"{caller.Key.UserId} is not a member of the group");

    private static void RequireManager(GroupRecord group, DeviceRecord caller)
    {
        if (RequireMember(group, caller).Role != GroupRole.Manager)
        {
            throw Refuse(ResponseCode.Forbidden, $"{caller.Key.UserId} is not a manager of the group");
        }
    }

    /// <summary>
    /// Members to create a group with or to add: registered users of this domain, each once, not yet in
    /// <paramref name="group"/>, with the member or manager role. Returned normalized (this server's domain).
    /// </summary>
    private List<GroupMember> RequireNewMembers(IEnumerable<GroupMember> list, GroupRecord? group, string field)
    {
        var members = new List<GroupMember>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int i = 0;
        foreach (GroupMember? member in list)
        {
            string item = $"{field}[{i++}]";
            if (member is null)
            {
                throw BadRequest($"{item} is missing");
            }

            context.RequireIdentifier(member.UserId, $"{item}.user_id", allowEmpty: false);
            if (member.Role is not (GroupRole.Member or GroupRole.Manager))
            {
                throw BadRequest($"{item}.role {member.Role} is not member or manager");
            }

            UserRecord user = accounts.FindUser(member.UserId, member.Domain, item);
            if (!seen.Add(user.UserId))
            {
                throw BadRequest($"{item}: user {user.UserId} is listed twice");
            }

            if (group?.Member(user.UserId) is not null)
            {
                throw Refuse(ResponseCode.RequestConflict, $"{item}: user {user.UserId} is already a member");
            }

            members.Add(new GroupMember { UserId = user.UserId, Domain = context.Domain, Role = member.Role });
        }

        return members.Count > 0 ? members : throw BadRequest($"{field} is empty");
    }

    /// <summary>Members to remove: current members of <paramref name="group"/>, each once; returns the group's own records.</summary>
    private static List<GroupMember> RequireCurrentMembers(IEnumerable<GroupMember> list, GroupRecord group, string field)
    {
        var members = new List<GroupMember>();
        var seen = new HashSet<GroupMember>(ReferenceEqualityComparer.Instance);
        int i = 0;
        foreach (GroupMember? member in list)
        {
            string item = $"{field}[{i++}]";
            if (member is null || member.UserId.Length == 0)
            {
                throw BadRequest($"{item} has no user id");
            }

            GroupMember current = group.Member(member.UserId)
                ?? throw Refuse(ResponseCode.NotFound, $"{item}: user {member.UserId} is not a member of the group");
            if (!seen.Add(current))
            {
                throw BadRequest($"{item}: user {member.UserId} is listed twice");
            }

            members.Add(current);
        }

        return members.Count > 0 ? members : throw BadRequest($"{field} is empty");
    }

    private static HashSet<DeviceKey> DeviceKeys(IEnumerable<E2eeAddress> addresses, string field)
    {
        var keys = new HashSet<DeviceKey>();
        foreach (E2eeAddress address in addresses)
        {
            if (address is not { PeerCase: E2eeAddress.PeerOneofCase.User })
            {
                throw BadRequest($"{field} holds an address that is not a device");
            }

            keys.Add(new DeviceKey(address.User.UserId, address.User.DeviceId));
        }

        return keys;
    }
}
