using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.Identifiers;
using E2eeConformance.InMemoryServer.State;

namespace E2eeConformance.InMemoryServer;

/// <summary>Group protocols: create, add and remove members, add a member device, leave, send a group message.</summary>
public sealed partial class E2eeServer
{
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
        Serve(RequestType.CreateGroup, credential, authenticate: true, caller =>
        {
            CreateGroupMsg msg = request?.Msg ?? throw BadRequest("msg is missing");
            RequireCaller(caller!, msg.SenderAddress, "msg.sender_address");
            GroupInfo info = msg.GroupInfo ?? throw BadRequest("msg.group_info is missing");
            RequireIdentifier(info.GroupName, "msg.group_info.group_name", allowEmpty: false);
            List<GroupMember> members = RequireNewMembers(info.GroupMemberList, null, "msg.group_info.group_member_list");
            if (members.Find(m => m.UserId == caller!.Key.UserId)?.Role != GroupRole.Manager)
            {
                throw BadRequest("the creator's user must be a member with the manager role");
            }

            // Commit.
            string groupId = DrawUnique(ServerIdKind.GroupId, id => !_groups.ContainsKey(id));
            var group = new GroupRecord
            {
                Address = new E2eeAddress { Domain = _options.Domain, Group = new PeerGroup { GroupName = info.GroupName, GroupId = groupId } },
                Name = info.GroupName,
                Members = members,
            };
            _groups.Add(groupId, group);
            _groupOrder.Add(group);
            List<DeviceRecord> devices = MemberDevices(group);
            group.AnnouncedDevices.UnionWith(devices.Select(d => d.Key));
            List<GroupMemberInfo> infos = devices.Select(MemberInfo).ToList();

            CreateGroupMsg forwarded = msg.Clone();
            forwarded.SenderAddress = caller!.Address.Clone();
            forwarded.GroupInfo = group.ToGroupInfo();
            forwarded.MemberInfoList.Clear();
            forwarded.MemberInfoList.Add(infos);
            StoreForEach(devices.Where(d => d != caller), caller.Address, m => m.CreateGroupMsg = forwarded.Clone());

            var response = new CreateGroupResponse { Code = ResponseCode.Ok, GroupAddress = group.Address.Clone() };
            response.MemberInfoList.Add(infos.Select(i => i.Clone()));
            return response;
        }, (code, msg) => new CreateGroupResponse { Code = code, Msg = msg });

    /// <summary>
    /// seed 000 §Add group members, §AddGroupMembersMsg: a manager adds users. Every member device except the caller,
    /// the new members' devices included, is sent the AddGroupMembersMsg with the server's group info, the adding
    /// member list, adding_member_info_list (the new devices and their sign keys) and the request's <c>sequence</c>
    /// (REFERENCE-BEHAVIOUR §41). Refusals: BAD_REQUEST (no message, empty or repeated list), FORBIDDEN (sender_address is
    /// not the caller's device; the caller's user is not a manager), NOT_FOUND (unknown group or user), CONFLICT (a
    /// user is already a member).
    /// </summary>
    public AddGroupMembersResponse AddGroupMembers(DeviceCredential? credential, AddGroupMembersRequest? request) =>
        Serve(RequestType.AddGroupMembers, credential, authenticate: true, caller =>
        {
            AddGroupMembersMsg msg = request?.Msg ?? throw BadRequest("msg is missing");
            RequireCaller(caller!, msg.SenderAddress, "msg.sender_address");
            GroupRecord group = FindGroup(msg.GroupInfo?.GroupAddress, "msg.group_info.group_address");
            RequireManager(group, caller!);
            List<GroupMember> adding = RequireNewMembers(msg.AddingMemberList, group, "msg.adding_member_list");

            // Commit.
            group.Members.AddRange(adding);
            List<DeviceRecord> newDevices = adding.SelectMany(m => _users[m.UserId].Devices).ToList();
            group.AnnouncedDevices.UnionWith(newDevices.Select(d => d.Key));
            List<GroupMemberInfo> infos = newDevices.Select(MemberInfo).ToList();

            AddGroupMembersMsg forwarded = msg.Clone();
            forwarded.SenderAddress = caller!.Address.Clone();
            forwarded.GroupInfo = group.ToGroupInfo();
            forwarded.AddingMemberList.Clear();
            forwarded.AddingMemberList.Add(adding.Select(m => m.Clone()));
            forwarded.AddingMemberInfoList.Clear();
            forwarded.AddingMemberInfoList.Add(infos);
            StoreForEach(MemberDevices(group).Where(d => d != caller), caller.Address, m => m.AddGroupMembersMsg = forwarded.Clone());

            var response = new AddGroupMembersResponse { Code = ResponseCode.Ok };
            response.AddedGroupMemberList.Add(adding.Select(m => m.Clone()));
            response.GroupMemberList.Add(group.Members.Select(m => m.Clone()));
            response.AddingMemberInfoList.Add(infos.Select(i => i.Clone()));
            return response;
        }, (code, msg) => new AddGroupMembersResponse { Code = code, Msg = msg });

    /// <summary>
    /// seed 000 §Remove group members, §RemoveGroupMembersMsg: a manager removes users. Every member device except the
    /// caller, the removed members' devices included, is sent the RemoveGroupMembersMsg with the server's remaining
    /// group info and member_info_list = the remaining member devices (REFERENCE-BEHAVIOUR §40). Refusals: BAD_REQUEST (no
    /// message, empty or repeated list), FORBIDDEN (sender_address is not the caller's device; the caller's user is
    /// not a manager), NOT_FOUND (unknown group; a user who is not a member), CONFLICT (no manager would remain).
    /// </summary>
    public RemoveGroupMembersResponse RemoveGroupMembers(DeviceCredential? credential, RemoveGroupMembersRequest? request) =>
        Serve(RequestType.RemoveGroupMembers, credential, authenticate: true, caller =>
        {
            RemoveGroupMembersMsg msg = request?.Msg ?? throw BadRequest("msg is missing");
            RequireCaller(caller!, msg.SenderAddress, "msg.sender_address");
            GroupRecord group = FindGroup(msg.GroupInfo?.GroupAddress, "msg.group_info.group_address");
            RequireManager(group, caller!);
            List<GroupMember> removing = RequireCurrentMembers(msg.RemovingMemberList, group, "msg.removing_member_list");
            if (!group.Members.Except(removing).Any(m => m.Role == GroupRole.Manager))
            {
                throw Refuse(ResponseCode.RequestConflict, "the group would have no manager left");
            }

            // Commit.
            List<DeviceRecord> recipients = MemberDevices(group).Where(d => d != caller).ToList();
            group.Members.RemoveAll(removing.Contains);
            group.AnnouncedDevices.RemoveWhere(k => removing.Exists(m => m.UserId == k.UserId));
            List<GroupMemberInfo> infos = MemberDevices(group).Select(MemberInfo).ToList();

            RemoveGroupMembersMsg forwarded = msg.Clone();
            forwarded.SenderAddress = caller!.Address.Clone();
            forwarded.GroupInfo = group.ToGroupInfo();
            forwarded.RemovingMemberList.Clear();
            forwarded.RemovingMemberList.Add(removing.Select(m => m.Clone()));
            forwarded.MemberInfoList.Clear();
            forwarded.MemberInfoList.Add(infos);
            StoreForEach(recipients, caller.Address, m => m.RemoveGroupMembersMsg = forwarded.Clone());

            var response = new RemoveGroupMembersResponse { Code = ResponseCode.Ok };
            response.RemovedGroupMemberList.Add(removing.Select(m => m.Clone()));
            response.GroupMemberList.Add(group.Members.Select(m => m.Clone()));
            response.MemberInfoList.Add(infos.Select(i => i.Clone()));
            return response;
        }, (code, msg) => new RemoveGroupMembersResponse { Code = code, Msg = msg });

    /// <summary>
    /// seed 000 §Add group member device, §AddGroupMemberDeviceMsg: a member announces a new device of a member user
    /// to the group. Every member device except the caller, the new device included, is sent the
    /// AddGroupMemberDeviceMsg with the server's group info and adding_member_device = the device and its sign key.
    /// Refusals: BAD_REQUEST (no message or device), FORBIDDEN (sender_address is not the caller's device; the caller
    /// or the device's user is not a member), NOT_FOUND (unknown group or device), CONFLICT (already announced).
    /// </summary>
    public AddGroupMemberDeviceResponse AddGroupMemberDevice(DeviceCredential? credential, AddGroupMemberDeviceRequest? request) =>
        Serve(RequestType.AddGroupMemberDevice, credential, authenticate: true, caller =>
        {
            AddGroupMemberDeviceMsg msg = request?.Msg ?? throw BadRequest("msg is missing");
            RequireCaller(caller!, msg.SenderAddress, "msg.sender_address");
            GroupRecord group = FindGroup(msg.GroupInfo?.GroupAddress, "msg.group_info.group_address");
            RequireMember(group, caller!);
            DeviceRecord device = FindDevice(
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

            // Commit.
            group.AnnouncedDevices.Add(device.Key);
            GroupMemberInfo info = MemberInfo(device);
            AddGroupMemberDeviceMsg forwarded = msg.Clone();
            forwarded.SenderAddress = caller!.Address.Clone();
            forwarded.GroupInfo = group.ToGroupInfo();
            forwarded.AddingMemberDevice = info;
            StoreForEach(MemberDevices(group).Where(d => d != caller), caller.Address, m => m.AddGroupMemberDeviceMsg = forwarded.Clone());

            var response = new AddGroupMemberDeviceResponse { Code = ResponseCode.Ok, AddingMemberDeviceInfo = info.Clone() };
            response.GroupMemberList.Add(group.Members.Select(m => m.Clone()));
            return response;
        }, (code, msg) => new AddGroupMemberDeviceResponse { Code = code, Msg = msg });

    /// <summary>
    /// seed 000 §Leave group, §LeaveGroupMsg: a member asks to leave. The server sends the LeaveGroupMsg to the group's
    /// manager, which runs the removal (REFERENCE-BEHAVIOUR §40); membership is unchanged until then. As the reference server
    /// does, one device receives it: the first registered device of the first other manager in member order, so the
    /// removal runs once. Refusals: BAD_REQUEST (no message), FORBIDDEN (user_address is not the caller's device; the
    /// caller's user is not a member), NOT_FOUND (unknown group), CONFLICT (the caller's user is the only manager).
    /// </summary>
    public LeaveGroupResponse LeaveGroup(DeviceCredential? credential, LeaveGroupRequest? request) =>
        Serve(RequestType.LeaveGroup, credential, authenticate: true, caller =>
        {
            LeaveGroupMsg msg = request?.Msg ?? throw BadRequest("msg is missing");
            RequireCaller(caller!, msg.UserAddress, "msg.user_address");
            GroupRecord group = FindGroup(msg.GroupAddress, "msg.group_address");
            RequireMember(group, caller!);
            GroupMember manager = group.Members.Find(m => m.Role == GroupRole.Manager && m.UserId != caller!.Key.UserId)
                ?? throw Refuse(ResponseCode.RequestConflict, "the only manager cannot leave the group");

            // Commit.
            LeaveGroupMsg forwarded = msg.Clone();
            forwarded.UserAddress = caller!.Address.Clone();
            forwarded.GroupAddress = group.Address.Clone();
            Store(_users[manager.UserId].Devices[0], caller.Address, NowMs(), m => m.LeaveGroupMsg = forwarded);
            return new LeaveGroupResponse
            {
                Code = ResponseCode.Ok,
                LeaveGroupMemberAddress = caller.Address.Clone(),
                GroupAddress = group.Address.Clone(),
            };
        }, (code, msg) => new LeaveGroupResponse { Code = code, Msg = msg });

    /// <summary>
    /// seed 000 §Send group message: replicates the E2eeMsg (group_msg payload, to = the group address) to every other
    /// member device, limited to allow_list when it is not empty and never to a device on deny_list.
    /// Refusals: BAD_REQUEST (no message, not a group_msg payload, a list entry that is not a device address),
    /// FORBIDDEN (from is not the caller's device; the caller's user is not a member), NOT_FOUND (unknown group).
    /// </summary>
    public SendGroupMsgResponse SendGroupMsg(DeviceCredential? credential, SendGroupMsgRequest? request) =>
        Serve(RequestType.SendGroupMsg, credential, authenticate: true, caller =>
        {
            E2eeMsg msg = request?.Msg ?? throw BadRequest("msg is missing");
            RequireCaller(caller!, msg.From, "msg.from");
            GroupRecord group = FindGroup(msg.To, "msg.to");
            RequireMember(group, caller!);
            if (msg.PayloadCase != E2eeMsg.PayloadOneofCase.GroupMsg)
            {
                throw BadRequest("msg has no group_msg payload");
            }

            HashSet<DeviceKey> allow = DeviceKeys(request!.AllowList, "allow_list");
            HashSet<DeviceKey> deny = DeviceKeys(request.DenyList, "deny_list");

            if (IsDuplicate(caller!, msg.MsgId))
            {
                return new SendGroupMsgResponse { Code = ResponseCode.Ok };
            }

            // Commit.
            IEnumerable<DeviceRecord> recipients = MemberDevices(group)
                .Where(d => d != caller && (allow.Count == 0 || allow.Contains(d.Key)) && !deny.Contains(d.Key));
            StoreForEach(recipients, caller!.Address, m => m.E2EeMsg = msg.Clone());
            return new SendGroupMsgResponse { Code = ResponseCode.Ok };
        }, (code, msg) => new SendGroupMsgResponse { Code = code, Msg = msg });

    /// <summary>The devices of every member user: members in order, each user's devices in registration order.</summary>
    private List<DeviceRecord> MemberDevices(GroupRecord group) =>
        group.Members.SelectMany(m => _users[m.UserId].Devices).ToList();

    private static GroupMemberInfo MemberInfo(DeviceRecord device) => new()
    {
        MemberAddress = device.Address.Clone(),
        SignPublicKey = device.IdentityKey.SignPublicKey,
    };

    private void StoreForEach(IEnumerable<DeviceRecord> recipients, E2eeAddress from, Action<ProtoMsg> setPayload)
    {
        long now = NowMs();
        foreach (DeviceRecord recipient in recipients.ToList())
        {
            Store(recipient, from, now, setPayload);
        }
    }

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
        int i = 0;
        foreach (GroupMember? member in list)
        {
            string item = $"{field}[{i++}]";
            if (member is null)
            {
                throw BadRequest($"{item} is missing");
            }

            RequireIdentifier(member.UserId, $"{item}.user_id", allowEmpty: false);
            if (member.Role is not (GroupRole.Member or GroupRole.Manager))
            {
                throw BadRequest($"{item}.role {member.Role} is not member or manager");
            }

            UserRecord user = FindUser(member.UserId, member.Domain, item);
            if (members.Exists(m => m.UserId == user.UserId))
            {
                throw BadRequest($"{item}: user {user.UserId} is listed twice");
            }

            if (group?.Member(user.UserId) is not null)
            {
                throw Refuse(ResponseCode.RequestConflict, $"{item}: user {user.UserId} is already a member");
            }

            members.Add(new GroupMember { UserId = user.UserId, Domain = _options.Domain, Role = member.Role });
        }

        return members.Count > 0 ? members : throw BadRequest($"{field} is empty");
    }

    /// <summary>Members to remove: current members of <paramref name="group"/>, each once; returns the group's own records.</summary>
    private static List<GroupMember> RequireCurrentMembers(IEnumerable<GroupMember> list, GroupRecord group, string field)
    {
        var members = new List<GroupMember>();
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
            if (members.Contains(current))
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
