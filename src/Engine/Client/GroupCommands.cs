using System.Collections.Immutable;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// The device core as group manager (seed 000 §Create group, §Add group members, §Add group member device, §Remove
/// group members, §Leave group, §Send group message; REFERENCE-BEHAVIOUR §35–41). A change the server must accept is a
/// request with a <see cref="GroupRequest"/> waiting for its answer; the keys change when the answer arrives
/// (<see cref="Continue"/>), with the member devices the server returned.
/// </summary>
internal static class GroupCommands
{
    /// <summary>Asks the server to create a group with the given users; this user is its manager, and so are the command's managers.</summary>
    public static DeviceState Create(DeviceState state, CreateGroupCommand command)
    {
        var info = new Wire.GroupInfo { GroupName = command.GroupName };
        info.GroupMemberList.Add(new Wire.GroupMember { Domain = state.Address.Domain, UserId = state.Address.User.UserId, Role = Wire.GroupRole.Manager });
        foreach ((string domain, string userId) in command.Members.Concat(command.Managers).Distinct())
        {
            if (domain != state.Address.Domain || userId != state.Address.User.UserId)
            {
                Wire.GroupRole role = command.Managers.Contains((domain, userId)) ? Wire.GroupRole.Manager : Wire.GroupRole.Member;
                info.GroupMemberList.Add(new Wire.GroupMember { Domain = domain, UserId = userId, Role = role });
            }
        }

        var request = new Wire.CreateGroupRequest
        {
            Msg = new Wire.CreateGroupMsg { E2EesPackId = state.Suite.PackId.Value, SenderAddress = state.Address.Clone(), GroupInfo = info },
        };
        return state.SendAwaiting(RequestType.CreateGroup, request, id => new GroupRequest(id, GroupRequestKind.Create, null, info.Clone(), ""));
    }

    /// <summary>Encrypts application bytes for a group (seed 000 §Send group message); renews the session at the 512 limit.</summary>
    /// <remarks>
    /// A group this device has heard of (a create or add notice, a seed on its way) but holds no keys for yet: the text
    /// waits (<see cref="DeviceGroup.WaitingTexts"/>, bounded) and is sent when the keys arrive. A group it has never
    /// heard of is <see cref="DeviceCommandException"/> <c>unknown_group</c>; a full queue <c>too_many_waiting_texts</c>.
    /// </remarks>
    public static DeviceState SendText(DeviceState state, SendGroupTextCommand command, StepContext ctx)
    {
        Wire.E2eeAddress group = command.Group;
        DeviceGroup known = state.GroupOf(group);
        RequireMember(state, known);
        if (known.Keys is null || known.AwaitingJoin || OwnAddInProgress(state, known))
        {
            if (!state.Groups.ContainsKey(known.Key))
            {
                throw new DeviceCommandException("unknown_group", $"{state.Name} has not heard of group {group.Group?.GroupName}");
            }

            if (known.WaitingTexts.Count >= DeviceGroup.MaxWaitingTexts)
            {
                throw new DeviceCommandException("too_many_waiting_texts", $"{DeviceGroup.MaxWaitingTexts} texts already wait for the keys of group {group.Group?.GroupName}");
            }

            ctx.Raise(new MessageDeferred(state.Name, Addresses.Format(group), "", "the group's keys have not arrived: sent when they do"));
            WaitingText waiting = new(command.Text, known.Keys is null ? null : WaitingText.AudienceOf(state, known), WaitingText.VersionOf(state, known));
            return state.WithGroup(known with { WaitingTexts = known.WaitingTexts.Add(waiting) });
        }

        GroupState keys = KeysOf(state, group);
        if (keys.Current.OwnChain.Index >= ProtocolLimits.MaxMessagesPerChain && !ctx.Deviations.Has(ProtocolDeviations.NoChainLimit))
        {
            state = Reseed(state, group, keys.Current.GroupInfo, [.. keys.Current.Members], keys.Current.SessionId, "renewed at the chain limit", ctx);
            keys = state.GroupOf(group).Keys!;
        }

        (GroupSession next, Wire.E2eeMsg message) = keys.Current.Encrypt(state.Account, command.Text.AsSpan(), ctx.Random, ctx.Deviations);
        ctx.Raise(new GroupMessageSent(state.Name, Addresses.Format(group), message.MsgId, [.. command.Text]));
        state = state.WithGroup(state.GroupOf(group) with { Keys = keys with { Current = next } });
        return state.Send(RequestType.SendGroupMsg, new Wire.SendGroupMsgRequest { Msg = message });
    }

    /// <summary>
    /// Sends the texts that waited for the group's keys, once this device can encrypt them. A text written before this
    /// device held any session is bound to the first one it holds. A text whose session has gained devices since it was
    /// written is not sent: they would read what was written before they joined. It is withdrawn
    /// (<see cref="GroupTextWithdrawn"/>, naming them) for the application to send again if it wants to.
    /// </summary>
    public static DeviceState SendWaitingTexts(DeviceState state, Wire.E2eeAddress group, StepContext ctx)
    {
        DeviceGroup g = state.GroupOf(group);
        if (g.WaitingTexts.IsEmpty || g.Keys is null)
        {
            return state;
        }

        if (g.WaitingTexts.Any(t => t.WrittenFor is null))
        {
            ImmutableSortedSet<string> devices = WaitingText.AudienceOf(state, g);
            ulong version = WaitingText.VersionOf(state, g);
            g = g with { WaitingTexts = [.. g.WaitingTexts.Select(t => t.WrittenFor is null ? t with { WrittenFor = devices, Version = Math.Max(t.Version, version) } : t)] };
        }

        g = WaitingText.Learn(g);
        state = state.WithGroup(g);

        if (g.AwaitingJoin || OwnAddInProgress(state, g))
        {
            return state;
        }

        state = state.WithGroup(g with { WaitingTexts = [] });
        foreach (WaitingText text in g.WaitingTexts)
        {
            IReadOnlyList<string> newcomers = text.NewcomersIn(state.GroupOf(group).Keys!.Current);
            if (newcomers.Count > 0)
            {
                ctx.Raise(new GroupTextWithdrawn(state.Name, Addresses.Format(group), [.. text.Text], newcomers, "devices joined the group after the text was written"));
                continue;
            }

            state = SendText(state, new SendGroupTextCommand(group, text.Text), ctx);
        }

        return state;
    }

    /// <summary>Asks the server to add users (seed 000 §Add group members): this device is the inviter (REFERENCE-BEHAVIOUR §41).</summary>
    public static DeviceState AddMembers(DeviceState state, AddGroupMembersCommand command)
    {
        GroupState keys = KeysOf(state, command.Group);
        Wire.GroupInfo info = keys.Current.GroupInfo.Clone();
        var msg = new Wire.AddGroupMembersMsg { E2EesPackId = state.Suite.PackId.Value, SenderAddress = state.Address.Clone(), Sequence = keys.Current.OwnChain.Index, GroupInfo = info, BasedOnVersion = info.MembershipVersion };
        foreach ((string domain, string userId) in command.Users.Distinct())
        {
            var member = new Wire.GroupMember { Domain = domain, UserId = userId, Role = Wire.GroupRole.Member };
            msg.AddingMemberList.Add(member);
            info.GroupMemberList.Add(member.Clone());
        }

        Wire.E2eeAddress group = command.Group.Clone();
        return state.SendAwaiting(RequestType.AddGroupMembers, new Wire.AddGroupMembersRequest { Msg = msg }, id => new GroupRequest(id, GroupRequestKind.AddMembers, group, info.Clone(), ""));
    }

    /// <summary>Asks the server to add a member's new device (seed 000 §Add group member device).</summary>
    public static DeviceState AddMemberDevice(DeviceState state, Wire.E2eeAddress group, Wire.E2eeAddress device)
    {
        GroupState keys = KeysOf(state, group);
        var msg = new Wire.AddGroupMemberDeviceMsg
        {
            E2EesPackId = state.Suite.PackId.Value,
            SenderAddress = state.Address.Clone(),
            Sequence = keys.Current.OwnChain.Index,
            GroupInfo = keys.Current.GroupInfo.Clone(),
            BasedOnVersion = keys.Current.GroupInfo.MembershipVersion,
            AddingMemberDevice = new Wire.GroupMemberInfo { MemberAddress = device.Clone() },
        };
        Wire.E2eeAddress target = group.Clone();
        return state.SendAwaiting(RequestType.AddGroupMemberDevice, new Wire.AddGroupMemberDeviceRequest { Msg = msg }, id => new GroupRequest(id, GroupRequestKind.AddMemberDevice, target, keys.Current.GroupInfo.Clone(), "", device.Clone()));
    }

    /// <summary>
    /// A new device of this device's own user (renew_group_sessions_with_new_device): the user's first old device (the
    /// smallest address of the AddUserDeviceMsg's old list, so exactly one acts) asks to add it to every group it holds keys for.
    /// </summary>
    public static DeviceState AddOwnNewDeviceToGroups(DeviceState state, Wire.AddUserDeviceMsg message)
    {
        Wire.E2eeAddress device = message.UserAddress;
        string? first = message.OldAddressList.Select(Addresses.Format).Order(StringComparer.Ordinal).FirstOrDefault();
        if (first is not null && first != state.Name)
        {
            return state;
        }

        // A group whose new session this device still awaits (added back, its bundle on the way) is left to
        // AddMissingOwnDevices once it joins: an add made now would be made on the old session the join replaces.
        foreach (DeviceGroup g in state.Groups.Values.Where(g => g.Keys is not null && g.IsMember && !g.AwaitingJoin).OrderBy(g => g.Key, StringComparer.Ordinal).ToList())
        {
            if (!g.Keys!.Current.Members.Any(m => Addresses.SameDevice(m.Address, device)) && !AddAsked(state, g, device))
            {
                state = AddMemberDevice(state, g.GroupAddress, device);
            }
        }

        return state;
    }

    /// <summary>
    /// Once this device holds a group's keys: this user's other devices it knows of that the session lacks (announced
    /// before the keys arrived, or left out by another device's new seed) are asked to be added. Exactly one device of the
    /// user acts — the smallest address among the user's devices in the session — and a device already being added is
    /// not asked for again.
    /// </summary>
    public static DeviceState AddMissingOwnDevices(DeviceState state, Wire.E2eeAddress group)
    {
        DeviceGroup g = state.GroupOf(group);
        if (g.Keys is null || g.AwaitingJoin || !g.IsMember)
        {
            return state;
        }

        Wire.E2eeAddress self = state.Address;
        bool Own(Wire.E2eeAddress? a) => a?.User is not null && a.Domain == self.Domain && a.User.UserId == self.User.UserId;
        IReadOnlyList<GroupMember> members = [.. g.Keys.Current.Members];
        string? acting = members.Where(m => Own(m.Address)).Select(m => Addresses.Format(m.Address)).Order(StringComparer.Ordinal).FirstOrDefault();
        if (acting != state.Name)
        {
            return state;
        }

        List<Wire.E2eeAddress> missing = [.. state.Peers.Values.Select(p => p.Peer)
            .Where(a => Own(a) && !Addresses.SameDevice(a, self) && !members.Any(m => Addresses.SameDevice(m.Address, a)))
            .OrderBy(Addresses.Format, StringComparer.Ordinal)];
        foreach (Wire.E2eeAddress device in missing)
        {
            if (!AddAsked(state, g, device))
            {
                state = AddMemberDevice(state, group, device);
            }
        }

        return state;
    }

    /// <summary>Whether a request to add <paramref name="device"/> to the group is queued and not answered yet.</summary>
    private static bool AddAsked(DeviceState state, DeviceGroup g, Wire.E2eeAddress device) =>
        state.Outbox.Any(i => i.Kind == RequestType.AddGroupMemberDevice
            && Wire.AddGroupMemberDeviceRequest.Parser.ParseFrom(i.Request).Msg is { } msg
            && GroupMember.AddressKey(msg.GroupInfo?.GroupAddress) == g.Key
            && Addresses.SameDevice(msg.AddingMemberDevice?.MemberAddress, device));

    /// <summary>
    /// Asks the server to remove users (seed 000 §Remove group members; REFERENCE-BEHAVIOUR §40); when it agrees, a new
    /// seed and session id go to the remaining member devices and the old session is retired for the grace.
    /// </summary>
    public static DeviceState RequestRemoval(DeviceState state, Wire.E2eeAddress group, IEnumerable<(string Domain, string UserId)> users)
    {
        GroupState keys = KeysOf(state, group);
        Wire.GroupInfo info = keys.Current.GroupInfo.Clone();
        var msg = new Wire.RemoveGroupMembersMsg { E2EesPackId = state.Suite.PackId.Value, SenderAddress = state.Address.Clone(), GroupInfo = info };
        foreach ((string domain, string userId) in users.Distinct())
        {
            msg.RemovingMemberList.Add(new Wire.GroupMember { Domain = domain, UserId = userId });
            foreach (Wire.GroupMember m in info.GroupMemberList.Where(m => m.Domain == domain && m.UserId == userId).ToList())
            {
                info.GroupMemberList.Remove(m);
            }
        }

        Wire.E2eeAddress target = group.Clone();
        string oldSessionId = keys.Current.SessionId;
        return state.SendAwaiting(RequestType.RemoveGroupMembers, new Wire.RemoveGroupMembersRequest { Msg = msg }, id => new GroupRequest(id, GroupRequestKind.RemoveMembers, target, info.Clone(), oldSessionId));
    }

    /// <summary>Asks the server to let this user leave a group (seed 000 §Leave group); the keys are dropped when it agrees.</summary>
    public static DeviceState Leave(DeviceState state, Wire.E2eeAddress group)
    {
        // No local membership check: a device that knows it was removed may have been added back already (the notice
        // still on its way); the server decides.
        var request = new Wire.LeaveGroupRequest { Msg = new Wire.LeaveGroupMsg { UserAddress = state.Address.Clone(), GroupAddress = group.Clone() } };
        Wire.E2eeAddress target = group.Clone();
        return state.SendAwaiting(RequestType.LeaveGroup, request, id => new GroupRequest(id, GroupRequestKind.Leave, target, new Wire.GroupInfo(), ""));
    }

    /// <summary>The server answered a group request: the change it asked for is made (or the refusal reported).</summary>
    public static DeviceState Continue(DeviceState state, GroupRequest op, OutboxItem item, ResponseReceived answer, StepContext ctx)
    {
        if (!DeviceCore.IsSuccess(answer.Code))
        {
            if (!IsSettledRace(op, item, answer.Code))
            {
                ctx.Raise(new RequestRefused(state.Name, item.Cause, RequestNames.Of(item.Kind), answer.Code));
            }

            return state;
        }

        switch (op.Kind, answer.Response)
        {
            case (GroupRequestKind.Create, Wire.CreateGroupResponse created) when created.GroupAddress?.Group is not null:
                return Created(state, op, created, ctx);

            case (GroupRequestKind.AddMembers, Wire.AddGroupMembersResponse added) when added.AddingMemberInfoList.Count > 0:
                return OwnAdd(state, op.Group!, NoticeOf(state, op.Info, added), ctx);

            case (GroupRequestKind.AddMemberDevice, Wire.AddGroupMemberDeviceResponse added) when added.AddingMemberDeviceInfo is not null:
                return OwnAdd(state, op.Group!, NoticeOf(state, op.Info, added), ctx);

            case (GroupRequestKind.RemoveMembers, Wire.RemoveGroupMembersResponse removed):
                return Removed(state, op, removed, ctx);

            case (GroupRequestKind.Leave, _):
                ctx.Raise(new GroupLeft(state.Name, Addresses.Format(op.Group)));
                return GroupDeparture.Depart(state, op.Group!, ctx.NowMs);

            default:
                throw new ProtocolException(ProtocolErrorCode.MissingField, $"the answer to {RequestNames.Of(item.Kind)} lacks what the device needs");
        }
    }

    private static DeviceState Created(DeviceState state, GroupRequest op, Wire.CreateGroupResponse created, StepContext ctx)
    {
        Wire.GroupInfo info = op.Info.Clone();
        info.GroupAddress = created.GroupAddress.Clone();
        info.MembershipVersion = created.MembershipVersion;
        List<GroupMember> devices = [.. created.MemberInfoList.Select(GroupMember.FromWire)];
        state = state.WithGroup(DeviceGroup.Empty(created.GroupAddress) with { Members = [.. devices] });
        return Reseed(state, created.GroupAddress, info, devices, oldSessionId: "", "created", ctx);
    }

    private static DeviceState Removed(DeviceState state, GroupRequest op, Wire.RemoveGroupMembersResponse removed, StepContext ctx)
    {
        List<GroupMember> remaining = [.. removed.MemberInfoList.Select(GroupMember.FromWire)];
        state = state.WithGroup(state.GroupOf(op.Group).WithMembers([.. remaining]));
        Wire.GroupInfo info = ServerOrdered(op.Info, remaining);
        info.MembershipVersion = removed.MembershipVersion;
        return Reseed(state, op.Group!, info, remaining, op.OldSessionId, "members removed", ctx);
    }

    /// <summary>
    /// The group info a new seed is written under: the server's member list (decision for concurrent membership
    /// changes: the server's order wins — a member another manager device added just before is in it, though this
    /// device has not heard of the add yet), with the roles this device knows (others are members).
    /// </summary>
    private static Wire.GroupInfo ServerOrdered(Wire.GroupInfo known, IEnumerable<GroupMember> devices)
    {
        Wire.GroupInfo info = known.Clone();
        info.GroupMemberList.Clear();
        foreach ((string domain, string userId) in devices.Select(d => (d.Address.Domain, d.Address.User?.UserId ?? "")).Distinct())
        {
            Wire.GroupMember? role = known.GroupMemberList.FirstOrDefault(m => m.Domain == domain && m.UserId == userId);
            info.GroupMemberList.Add(role?.Clone() ?? new Wire.GroupMember { Domain = domain, UserId = userId, Role = Wire.GroupRole.Member });
        }

        return info;
    }

    /// <summary>Sends a Plaintext to each of <paramref name="devices"/> but this one.</summary>
    public static DeviceState SendToDevices(DeviceState state, IEnumerable<GroupMember> devices, Wire.Plaintext plaintext, StepContext ctx)
    {
        foreach (GroupMember device in devices.Where(d => !Addresses.SameDevice(d.Address, state.Address)))
        {
            state = Messaging.SendPlaintext(state, device.Address, plaintext, ctx);
        }

        return state;
    }

    /// <summary>
    /// A new seed for the group: our session, and a GroupPreKeyBundle to every other member device, listing the devices
    /// (<c>member_devices</c>, the server's list) so that every member builds the same session.
    /// </summary>
    internal static DeviceState Reseed(DeviceState state, Wire.E2eeAddress group, Wire.GroupInfo info, List<GroupMember> devices, string oldSessionId, string reason, StepContext ctx)
    {
        info = info.Clone();
        info.GroupAddress = group.Clone();
        (GroupSession session, Wire.GroupPreKeyBundle bundle) = GroupSessionFactory.Create(state.Account, state.Address, info, devices, oldSessionId, ctx.Random, state.Version);
        bundle.MemberDevices.AddRange(devices.Select(d => d.ToWire()));
        DeviceGroup g = state.GroupOf(group);
        GroupState keys = g.Keys is null ? GroupState.Of(session) : g.Keys.Replace(session, ctx.NowMs);
        state = state.WithGroup((g with { Keys = keys, Members = [.. devices] }).WithSuperseded(oldSessionId));
        ctx.Raise(new GroupSessionChanged(state.Name, Addresses.Format(group), session.SessionId, reason));
        return SendToDevices(state, devices, new Wire.Plaintext { Version = state.Version.Plaintext, GroupPreKeyBundle = bundle }, ctx);
    }

    /// <summary>
    /// A refusal that only says another device got there first, for a device add this device asked for on its own (not
    /// a command of its application; <see cref="AddMissingOwnDevices"/>): CONFLICT (the device is already announced —
    /// another device of the user added it, and that notice is on its way) or FORBIDDEN (the user is no longer a member —
    /// the removal notice is on its way). Nothing to report: the notice that is on its way settles it.
    /// </summary>
    private static bool IsSettledRace(GroupRequest op, OutboxItem item, Wire.ResponseCode code) =>
        op.Kind == GroupRequestKind.AddMemberDevice
        && item.Cause != AddGroupMemberDeviceCommand.InputName
        && code is Wire.ResponseCode.RequestConflict or Wire.ResponseCode.Forbidden;

    /// <summary>
    /// Whether this device has an add in progress for the group — asked and not answered, or answered and held for its
    /// turn (<see cref="MembershipOrder"/>). Its texts wait meanwhile: the add re-derives every chain from this device's
    /// position, which the other members take from the add notice, so the position must not move until the add is made.
    /// </summary>
    internal static bool OwnAddInProgress(DeviceState state, DeviceGroup g) =>
        state.Pending.OfType<GroupRequest>().Any(r => r.Kind is GroupRequestKind.AddMembers or GroupRequestKind.AddMemberDevice && r.Group is not null && GroupMember.AddressKey(r.Group) == g.Key)
        || g.PendingNotices.Any(n => Addresses.SameDevice(GroupHolding.SenderOf(n), state.Address));

    /// <summary>This device's add of members as the notice the other members receive (with the server's list and version).</summary>
    private static Wire.ProtoMsg NoticeOf(DeviceState state, Wire.GroupInfo asked, Wire.AddGroupMembersResponse added)
    {
        var notice = new Wire.AddGroupMembersMsg { SenderAddress = state.Address.Clone(), GroupInfo = AnsweredInfo(asked, added.GroupMemberList, added.MembershipVersion), BasedOnVersion = asked.MembershipVersion };
        notice.AddingMemberInfoList.Add(added.AddingMemberInfoList.Select(i => i.Clone()));
        return new Wire.ProtoMsg { AddGroupMembersMsg = notice };
    }

    /// <summary>This device's add of a device as the notice the other members receive (with the server's list and version).</summary>
    private static Wire.ProtoMsg NoticeOf(DeviceState state, Wire.GroupInfo known, Wire.AddGroupMemberDeviceResponse added) => new()
    {
        AddGroupMemberDeviceMsg = new Wire.AddGroupMemberDeviceMsg
        {
            SenderAddress = state.Address.Clone(),
            GroupInfo = AnsweredInfo(known, added.GroupMemberList, added.MembershipVersion),
            AddingMemberDevice = added.AddingMemberDeviceInfo.Clone(),
            BasedOnVersion = known.MembershipVersion,
        },
    };

    /// <summary>
    /// The group info this device's own add is made under: with a membership version in the answer, the server's member
    /// list of that version (as every member's notice has it); without, the list this device asked for.
    /// </summary>
    private static Wire.GroupInfo AnsweredInfo(Wire.GroupInfo asked, IEnumerable<Wire.GroupMember> serverList, ulong version)
    {
        Wire.GroupInfo info = asked.Clone();
        if (version > 0)
        {
            info.GroupMemberList.Clear();
            info.GroupMemberList.Add(serverList.Select(m => m.Clone()));
            info.MembershipVersion = version;
        }

        return info;
    }

    /// <summary>
    /// The server agreed to this device's add: made now on the current session, or — when the answer's membership
    /// version shows changes in between that have not arrived here yet (a concurrent removal by another manager device)
    /// — held, like a member's notice, and made once they have (<see cref="MembershipOrder"/>).
    /// </summary>
    private static DeviceState OwnAdd(DeviceState state, Wire.E2eeAddress group, Wire.ProtoMsg notice, StepContext ctx)
    {
        DeviceGroup g = state.GroupOf(group);
        _ = KeysForAnswer(state, group);
        return GroupHolding.WaitsFor(g, notice) is { } reason && MembershipOrder.Known(g, MembershipOrder.Of(notice))
            ? GroupHolding.HoldNotice(state, g, notice, reason, ctx)
            : SendWaitingTexts(GroupMessages.ApplyNotice(state, notice, ctx), group, ctx);
    }

    /// <summary>This device's own add, applied: the inviter's chain goes to the newcomers (REFERENCE-BEHAVIOUR §41).</summary>
    internal static DeviceState AddAsInviter(DeviceState state, Wire.E2eeAddress group, Wire.GroupInfo info, List<GroupMember> newcomers, StepContext ctx)
    {
        DeviceGroup g = state.GroupOf(group);
        GroupState keys = KeysForAnswer(state, group);
        (GroupSession next, Wire.GroupUpdateKeyBundle bundle) = GroupSessionAdd.AddAsInviter(keys.Current, newcomers, info, ctx.NowMs, ctx.Deviations);
        bundle.MemberDevices.AddRange(next.Members.Select(m => m.ToWire()));
        state = state.WithGroup(GroupReAdd.Added(g with { Keys = keys with { Current = next }, Members = g.Members.AddRange(newcomers) }, newcomers));
        ctx.Raise(new GroupSessionChanged(state.Name, Addresses.Format(group), next.SessionId, "members added"));
        return SendToDevices(state, newcomers, new Wire.Plaintext { Version = state.Version.Plaintext, GroupUpdateKeyBundle = bundle }, ctx);
    }

    /// <summary>The group's keys; a group this device holds none for is <see cref="DeviceCommandException"/> <c>no_group_keys</c>.</summary>
    private static GroupState KeysOf(DeviceState state, Wire.E2eeAddress group) =>
        RequireMember(state, state.GroupOf(group)).Keys ?? throw new DeviceCommandException("no_group_keys", $"{state.Name} holds no keys for {Addresses.Format(group)}");

    /// <summary>A group this device left or was removed from takes no command: <see cref="DeviceCommandException"/> <c>not_a_member</c>.</summary>
    private static DeviceGroup RequireMember(DeviceState state, DeviceGroup g) =>
        g.IsMember ? g : throw new DeviceCommandException("not_a_member", $"{state.Name} left {Addresses.Format(g.GroupAddress)} (or was removed); it only reads what was written to it before");

    /// <summary>The group's keys when an answer arrives; gone meanwhile (removed, left) is <c>unknown_group_session</c>.</summary>
    private static GroupState KeysForAnswer(DeviceState state, Wire.E2eeAddress group) =>
        state.GroupOf(group).Keys ?? throw new ProtocolException(ProtocolErrorCode.UnknownGroupSession, $"{state.Name} no longer holds keys for {Addresses.Format(group)}");
}
