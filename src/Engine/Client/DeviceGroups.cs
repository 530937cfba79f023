using System.Collections.Immutable;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Client;

/// <summary>The device's group manager (seed 000 §Create group … §Send group message; REFERENCE-BEHAVIOUR §35–41).</summary>
public sealed partial class Device
{
    /// <summary>
    /// Creates a group with the given users (seed 000 §Create group): the server assigns the address and returns every
    /// member device with its sign key; the new seed travels to each of them in a GroupPreKeyBundle over one-to-one
    /// sessions. Returns the group address.
    /// </summary>
    public Wire.E2eeAddress CreateGroup(string name, IEnumerable<(string Domain, string UserId)> members)
    {
        var info = new Wire.GroupInfo { GroupName = name };
        info.GroupMemberList.Add(new Wire.GroupMember { Domain = State.Address.Domain, UserId = State.Address.User.UserId, Role = Wire.GroupRole.Manager });
        foreach ((string domain, string userId) in members.Distinct())
        {
            if (domain != State.Address.Domain || userId != State.Address.User.UserId)
            {
                info.GroupMemberList.Add(new Wire.GroupMember { Domain = domain, UserId = userId, Role = Wire.GroupRole.Member });
            }
        }

        var request = new Wire.CreateGroupRequest
        {
            Msg = new Wire.CreateGroupMsg { E2EesPackId = State.Suite.PackId.Value, SenderAddress = State.Address.Clone(), GroupInfo = info },
        };
        Wire.CreateGroupResponse response = _transport.CreateGroup(Credential, request);
        Require("create_group", response.Code, response.Msg);
        info.GroupAddress = response.GroupAddress;
        List<GroupMember> devices = [.. response.MemberInfoList.Select(GroupMember.FromWire)];
        DeviceState state = State.WithGroup(DeviceGroup.Empty(response.GroupAddress) with { Members = [.. devices] });
        Commit(Reseed(state, response.GroupAddress, info, devices, oldSessionId: "", "created"));
        return response.GroupAddress.Clone();
    }

    /// <summary>Sends application bytes to a group (seed 000 §Send group message); renews the session at the 512 limit.</summary>
    public void SendGroupText(Wire.E2eeAddress group, ReadOnlySpan<byte> text)
    {
        DeviceState state = State;
        DeviceGroup g = state.GroupOf(group);
        GroupState keys = g.Keys ?? throw new InvalidOperationException($"{State.Name} holds no keys for {Addresses.Format(group)}");
        if (keys.Current.OwnChain.Index >= ProtocolLimits.MaxMessagesPerChain)
        {
            state = Reseed(state, group, keys.Current.GroupInfo, [.. keys.Current.Members], keys.Current.SessionId, "renewed at the chain limit");
            keys = state.GroupOf(group).Keys!;
        }

        (GroupSession next, Wire.E2eeMsg message) = keys.Current.Encrypt(state.Account, text, _random);
        _pendingEvents.Add(new GroupMessageSent(state.Name, Addresses.Format(group), message.MsgId, text.ToArray()));
        state = state.WithGroup(state.GroupOf(group) with { Keys = keys with { Current = next } });
        Commit(state.Send(RequestType.SendGroupMsg, new Wire.SendGroupMsgRequest { Msg = message }));
    }

    /// <summary>Adds users (seed 000 §Add group members): this device is the inviter (REFERENCE-BEHAVIOUR §41).</summary>
    public void AddGroupMembers(Wire.E2eeAddress group, IEnumerable<(string Domain, string UserId)> users)
    {
        DeviceGroup g = State.GroupOf(group);
        GroupState keys = g.Keys ?? throw new InvalidOperationException($"{State.Name} holds no keys for {Addresses.Format(group)}");
        Wire.GroupInfo info = keys.Current.GroupInfo.Clone();
        var msg = new Wire.AddGroupMembersMsg { E2EesPackId = State.Suite.PackId.Value, SenderAddress = State.Address.Clone(), Sequence = keys.Current.OwnChain.Index, GroupInfo = info };
        foreach ((string domain, string userId) in users.Distinct())
        {
            var member = new Wire.GroupMember { Domain = domain, UserId = userId, Role = Wire.GroupRole.Member };
            msg.AddingMemberList.Add(member);
            info.GroupMemberList.Add(member.Clone());
        }

        Wire.AddGroupMembersResponse response = _transport.AddGroupMembers(Credential, new Wire.AddGroupMembersRequest { Msg = msg });
        Require("add_group_members", response.Code, response.Msg);
        Commit(AddAsInviter(State, group, info, [.. response.AddingMemberInfoList.Select(GroupMember.FromWire)]));
    }

    /// <summary>Adds a new device of a member (seed 000 §Add group member device): the same mechanism as adding a member.</summary>
    public void AddGroupMemberDevice(Wire.E2eeAddress group, Wire.E2eeAddress device) => Commit(AddMemberDevice(State, group, device));

    private DeviceState AddMemberDevice(DeviceState state, Wire.E2eeAddress group, Wire.E2eeAddress device)
    {
        DeviceGroup g = state.GroupOf(group);
        GroupState keys = g.Keys ?? throw new InvalidOperationException($"{state.Name} holds no keys for {Addresses.Format(group)}");
        var msg = new Wire.AddGroupMemberDeviceMsg
        {
            E2EesPackId = state.Suite.PackId.Value,
            SenderAddress = state.Address.Clone(),
            Sequence = keys.Current.OwnChain.Index,
            GroupInfo = keys.Current.GroupInfo.Clone(),
            AddingMemberDevice = new Wire.GroupMemberInfo { MemberAddress = device.Clone() },
        };
        Wire.AddGroupMemberDeviceResponse response = _transport.AddGroupMemberDevice(Credential, new Wire.AddGroupMemberDeviceRequest { Msg = msg });
        Require("add_group_member_device", response.Code, response.Msg);
        return AddAsInviter(state, group, keys.Current.GroupInfo, [GroupMember.FromWire(response.AddingMemberDeviceInfo)]);
    }

    /// <summary>
    /// A new device of this device's own user (renew_group_sessions_with_new_device): the user's first old device (the
    /// smallest address of the AddUserDeviceMsg's old list, so exactly one acts) adds it to every group it holds keys for.
    /// </summary>
    private DeviceState AddOwnNewDeviceToGroups(DeviceState state, Wire.AddUserDeviceMsg message)
    {
        Wire.E2eeAddress device = message.UserAddress;
        string? first = message.OldAddressList.Select(Addresses.Format).Order(StringComparer.Ordinal).FirstOrDefault();
        if (first is not null && first != state.Name)
        {
            return state;
        }

        foreach (DeviceGroup g in state.Groups.Values.Where(g => g.Keys is not null).OrderBy(g => g.Key, StringComparer.Ordinal).ToList())
        {
            if (!g.Keys!.Current.Members.Any(m => Addresses.SameDevice(m.Address, device)))
            {
                state = AddMemberDevice(state, g.GroupAddress, device);
            }
        }

        return state;
    }

    /// <summary>
    /// Removes users (seed 000 §Remove group members; REFERENCE-BEHAVIOUR §40): a new seed and session id for the remaining
    /// member devices; the old session is retired for the grace.
    /// </summary>
    public void RemoveGroupMembers(Wire.E2eeAddress group, IEnumerable<(string Domain, string UserId)> users) =>
        Commit(RemoveMembers(State, group, [.. users.Distinct()]));

    /// <summary>Leaves a group (seed 000 §Leave group): the server asks a manager to remove us; our keys are dropped now.</summary>
    public void LeaveGroup(Wire.E2eeAddress group)
    {
        Wire.LeaveGroupResponse response = _transport.LeaveGroup(Credential, new Wire.LeaveGroupRequest { Msg = new Wire.LeaveGroupMsg { UserAddress = State.Address.Clone(), GroupAddress = group.Clone() } });
        Require("leave_group", response.Code, response.Msg);
        _pendingEvents.Add(new GroupLeft(State.Name, Addresses.Format(group)));
        Commit(State with { Groups = State.Groups.Remove(GroupMember.AddressKey(group)) });
    }

    private DeviceState RemoveMembers(DeviceState state, Wire.E2eeAddress group, List<(string Domain, string UserId)> users)
    {
        GroupState keys = state.GroupOf(group).Keys ?? throw new InvalidOperationException($"{state.Name} holds no keys for {Addresses.Format(group)}");
        Wire.GroupInfo info = keys.Current.GroupInfo.Clone();
        var msg = new Wire.RemoveGroupMembersMsg { E2EesPackId = state.Suite.PackId.Value, SenderAddress = state.Address.Clone(), GroupInfo = info };
        foreach ((string domain, string userId) in users)
        {
            msg.RemovingMemberList.Add(new Wire.GroupMember { Domain = domain, UserId = userId });
            foreach (Wire.GroupMember m in info.GroupMemberList.Where(m => m.Domain == domain && m.UserId == userId).ToList())
            {
                info.GroupMemberList.Remove(m);
            }
        }

        Wire.RemoveGroupMembersResponse response = _transport.RemoveGroupMembers(Credential, new Wire.RemoveGroupMembersRequest { Msg = msg });
        Require("remove_group_members", response.Code, response.Msg);
        List<GroupMember> remaining = [.. response.MemberInfoList.Select(GroupMember.FromWire)];
        state = state.WithGroup(state.GroupOf(group) with { Members = [.. remaining] });
        return Reseed(state, group, info, remaining, keys.Current.SessionId, "members removed");
    }

    /// <summary>A new seed for the group: our session, and a GroupPreKeyBundle to every other member device.</summary>
    private DeviceState Reseed(DeviceState state, Wire.E2eeAddress group, Wire.GroupInfo info, List<GroupMember> devices, string oldSessionId, string reason)
    {
        info = info.Clone();
        info.GroupAddress = group.Clone();
        (GroupSession session, Wire.GroupPreKeyBundle bundle) = GroupSessionFactory.Create(state.Account, state.Address, info, devices, oldSessionId, _random, state.Version);
        DeviceGroup g = state.GroupOf(group);
        GroupState keys = g.Keys is null ? GroupState.Of(session) : g.Keys.Replace(session, NowMs);
        state = state.WithGroup(g with { Keys = keys, Members = [.. devices] });
        _pendingEvents.Add(new GroupSessionChanged(state.Name, Addresses.Format(group), session.SessionId, reason));
        var plaintext = new Wire.Plaintext { Version = state.Version.Plaintext, GroupPreKeyBundle = bundle };
        foreach (GroupMember device in devices.Where(d => !Addresses.SameDevice(d.Address, state.Address)))
        {
            state = SendPlaintext(state, device.Address, plaintext);
        }

        return state;
    }

    private DeviceState AddAsInviter(DeviceState state, Wire.E2eeAddress group, Wire.GroupInfo info, List<GroupMember> newcomers)
    {
        DeviceGroup g = state.GroupOf(group);
        GroupState keys = g.Keys!;
        (GroupSession next, Wire.GroupUpdateKeyBundle bundle) = GroupSessionAdd.AddAsInviter(keys.Current, newcomers, info, NowMs);
        state = state.WithGroup(g with { Keys = keys with { Current = next }, Members = g.Members.AddRange(newcomers) });
        _pendingEvents.Add(new GroupSessionChanged(state.Name, Addresses.Format(group), next.SessionId, "members added"));
        return SendToDevices(state, newcomers, new Wire.Plaintext { Version = state.Version.Plaintext, GroupUpdateKeyBundle = bundle });
    }

    private DeviceState SendToDevices(DeviceState state, IEnumerable<GroupMember> devices, Wire.Plaintext plaintext)
    {
        foreach (GroupMember device in devices.Where(d => !Addresses.SameDevice(d.Address, state.Address)))
        {
            state = SendPlaintext(state, device.Address, plaintext);
        }

        return state;
    }

    // ---- server-sent group messages -------------------------------------------------------------------------------

    /// <summary>
    /// A group E2eeMsg. When this device holds no keys for it yet — no session, a session id it has not received the
    /// seed of, or a sender whose chain has not arrived — the message is held (bounded) and retried when keys arrive,
    /// instead of being lost: the seed travels over a one-to-one session that may still be waiting for its accept.
    /// </summary>
    private DeviceState OnGroupMessage(DeviceState state, Wire.E2eeMsg message, List<DeviceEvent> events, bool retry = false)
    {
        DeviceGroup g = state.GroupOf(message.To);
        if (g.Keys is not null)
        {
            try
            {
                (GroupState keys, GroupMember sender, byte[] text) = g.Keys.Decrypt(message, NowMs);
                events.Add(new GroupMessageReceived(state.Name, Addresses.Format(message.To), sender.Key, text, message.MsgId));
                return state.WithGroup(g with { Keys = keys });
            }
            catch (ProtocolException e) when (e.Code is not (ProtocolErrorCode.UnknownGroupSession or ProtocolErrorCode.NotAMember))
            {
                throw;
            }
            catch (ProtocolException) when (g.PendingMessages.Count < DeviceGroup.MaxPendingMessages && CouldArriveLater(g, message))
            {
            }
        }

        if (g.PendingMessages.Count >= DeviceGroup.MaxPendingMessages)
        {
            throw new ProtocolException(ProtocolErrorCode.UnknownGroupSession, $"{state.Name} holds no keys for {Addresses.Format(message.To)} and already holds {DeviceGroup.MaxPendingMessages} messages waiting for them");
        }

        if (!retry)
        {
            events.Add(new MessageDeferred(state.Name, Addresses.Format(message.From), message.MsgId, "no keys for it yet"));
        }

        return state.WithGroup(g with { PendingMessages = g.PendingMessages.Add(message) });
    }

    /// <summary>
    /// Only a session we have not heard of yet (not one we retired or dropped) can still get keys — or a retired session
    /// that lacks the chain of a device still in the group (a newcomer gets the members' chains one bundle at a time).
    /// </summary>
    private static bool CouldArriveLater(DeviceGroup g, Wire.E2eeMsg message) =>
        g.Keys is null
        || g.AwaitingJoin
        || g.PendingSeeds.Count > 0
        || g.PendingUpdates.Count > 0
        || (message.SessionId != g.Keys.Current.SessionId && !g.Keys.Retired.Any(r => r.Session.SessionId == message.SessionId))
        || message.SessionId == g.Keys.Current.SessionId
        || g.Keys.Retired.Any(r => r.Session.SessionId == message.SessionId
            && !r.Session.Members.Any(m => Addresses.SameDevice(m.Address, message.From))
            && g.Keys.Current.Members.Any(m => Addresses.SameDevice(m.Address, message.From))); // its chain for the retired session may still come

    /// <summary>Retries the held group messages after keys arrived; what still cannot be read stays held.</summary>
    private DeviceState RetryPendingMessages(DeviceState state, Wire.E2eeAddress group, List<DeviceEvent> events)
    {
        DeviceGroup g = state.GroupOf(group);
        if (g.PendingMessages.IsEmpty || g.Keys is null)
        {
            return state;
        }

        ImmutableList<Wire.E2eeMsg> held = g.PendingMessages;
        state = state.WithGroup(g with { PendingMessages = [] });
        foreach (Wire.E2eeMsg message in held)
        {
            try
            {
                state = OnGroupMessage(state, message, events, retry: true);
            }
            catch (ProtocolException e)
            {
                events.Add(new ProtocolFailure(state.Name, "E2EeMsg", e.Code, e.Detail));
            }
        }

        return state;
    }

    /// <summary>CreateGroupMsg: the member devices and their sign keys; the seed may already be waiting.</summary>
    private DeviceState OnCreateGroup(DeviceState state, Wire.CreateGroupMsg message, List<DeviceEvent> events)
    {
        Wire.E2eeAddress group = message.GroupInfo?.GroupAddress ?? throw new ProtocolException(ProtocolErrorCode.MissingField, "CreateGroupMsg without group address");
        state = state.WithGroup(state.GroupOf(group) with { Members = [.. message.MemberInfoList.Select(GroupMember.FromWire)] });
        return ApplyPendingSeeds(state, group, events);
    }

    /// <summary>A GroupPreKeyBundle from a one-to-one message: build (or renew) the group session once the members are known.</summary>
    private DeviceState OnGroupSeed(DeviceState state, Wire.E2eeAddress from, Wire.GroupPreKeyBundle bundle, List<DeviceEvent> events)
    {
        if (!Addresses.SameDevice(from, bundle.Sender))
        {
            throw new ProtocolException(ProtocolErrorCode.BadGroupBundle, $"group seed sent by {Addresses.Format(from)} claims sender {Addresses.Format(bundle.Sender)}");
        }

        Wire.E2eeAddress group = bundle.GroupInfo?.GroupAddress ?? throw new ProtocolException(ProtocolErrorCode.BadGroupBundle, "group seed without group address");
        DeviceGroup g = state.GroupOf(group);
        state = state.WithGroup(g with { PendingSeeds = g.PendingSeeds.Add(bundle) });
        return ApplyPendingSeeds(state, group, events);
    }

    private DeviceState ApplyPendingSeeds(DeviceState state, Wire.E2eeAddress group, List<DeviceEvent> events)
    {
        DeviceGroup g = state.GroupOf(group);
        foreach (Wire.GroupPreKeyBundle bundle in g.PendingSeeds)
        {
            HashSet<(string, string)> users = [.. bundle.GroupInfo.GroupMemberList.Select(m => (m.Domain, m.UserId))];
            List<GroupMember> devices = [.. g.Members.Where(m => users.Contains((m.Address.Domain, m.Address.User?.UserId ?? "")))];
            if (!devices.Any(d => Addresses.SameDevice(d.Address, state.Address)) || !devices.Any(d => Addresses.SameDevice(d.Address, bundle.Sender)))
            {
                continue; // the server's member list for this seed has not arrived yet
            }

            GroupSession session = GroupSessionFactory.FromPreKeyBundle(state.Account, state.Address, bundle, devices);
            GroupState keys = g.Keys is null ? GroupState.Of(session) : g.Keys.Replace(session, NowMs);
            g = g with { Keys = keys, PendingSeeds = g.PendingSeeds.Remove(bundle) };
            events.Add(new GroupSessionChanged(state.Name, Addresses.Format(group), session.SessionId, bundle.OldSessionId.Length == 0 ? "joined" : "renewed"));
        }

        return RetryPendingMessages(state.WithGroup(g), group, events);
    }

    /// <summary>A GroupUpdateKeyBundle (REFERENCE-BEHAVIOUR §41): the newcomer joins from the inviter's, then takes each member's chain.</summary>
    private DeviceState OnGroupUpdate(DeviceState state, Wire.GroupUpdateKeyBundle bundle, List<DeviceEvent> events)
    {
        Wire.E2eeAddress group = bundle.GroupInfo?.GroupAddress ?? throw new ProtocolException(ProtocolErrorCode.BadGroupBundle, "group update without group address");
        DeviceGroup g = state.GroupOf(group);
        if (bundle.Adding)
        {
            GroupSession joined = GroupSessionAdd.JoinFromInviter(state.Account, state.Address, bundle);
            foreach (Wire.GroupUpdateKeyBundle waiting in g.PendingUpdates.Where(u => u.SessionId == joined.SessionId))
            {
                joined = GroupSessionAdd.AcceptMemberChain(joined, waiting);
            }

            events.Add(new GroupSessionChanged(state.Name, Addresses.Format(group), joined.SessionId, "joined by invitation"));
            GroupState keys = g.Keys is null ? GroupState.Of(joined) : g.Keys.Replace(joined, NowMs);
            return RetryPendingMessages(state.WithGroup(g with { Keys = keys, PendingUpdates = [], AwaitingJoin = false, Members = Merge(g.Members, joined.Members) }), group, events);
        }

        int retired = g.Keys is null || g.AwaitingJoin ? -1 : g.Keys.Retired.FindIndex(r => r.Session.SessionId == bundle.SessionId);
        if (retired >= 0 && g.Keys!.Current.Members.Any(m => Addresses.SameDevice(m.Address, bundle.Sender)))
        {
            // A member's chain for the session we joined, arriving after a removal already replaced that session: its
            // messages still in flight in the old session must stay readable for the grace, as for everyone else.
            GroupSession old = GroupSessionAdd.AcceptMemberChain(g.Keys.Retired[retired].Session, bundle);
            GroupState keys = g.Keys with { Retired = g.Keys.Retired.SetItem(retired, g.Keys.Retired[retired] with { Session = old }) };
            return RetryPendingMessages(state.WithGroup(g with { Keys = keys, Members = Merge(g.Members, old.Members) }), group, events);
        }

        if (g.Keys is null || g.AwaitingJoin || g.Keys.Current.SessionId != bundle.SessionId)
        {
            return state.WithGroup(g with { PendingUpdates = g.PendingUpdates.Add(bundle) });
        }

        GroupSession next = GroupSessionAdd.AcceptMemberChain(g.Keys.Current, bundle);
        return RetryPendingMessages(state.WithGroup(g with { Keys = g.Keys with { Current = next }, Members = Merge(g.Members, next.Members) }), group, events);
    }

    /// <summary>
    /// The member devices known so far plus those a session names. A newcomer's session starts with the inviter's chain
    /// only; the server's member list (which a removal's seed is built from, maybe before the other chains arrive) must
    /// not shrink to it. Only the server's own lists (create, remove) replace the known devices.
    /// </summary>
    private static ImmutableList<GroupMember> Merge(ImmutableList<GroupMember> known, IEnumerable<GroupMember> more) =>
        known.AddRange(more.Where(m => !known.Any(k => k.Key == m.Key)));

    /// <summary>AddGroupMembersMsg: an existing member re-derives its chains and hands its chain to the newcomers.</summary>
    private DeviceState OnAddGroupMembers(DeviceState state, Wire.AddGroupMembersMsg message, List<DeviceEvent> events) =>
        OnAdd(state, message.GroupInfo, message.SenderAddress, message.Sequence, [.. message.AddingMemberInfoList.Select(GroupMember.FromWire)], events);

    private DeviceState OnAddGroupMemberDevice(DeviceState state, Wire.AddGroupMemberDeviceMsg message, List<DeviceEvent> events) =>
        OnAdd(state, message.GroupInfo, message.SenderAddress, message.Sequence, [GroupMember.FromWire(message.AddingMemberDevice)], events);

    private DeviceState OnAdd(DeviceState state, Wire.GroupInfo info, Wire.E2eeAddress inviter, uint sequence, List<GroupMember> newcomers, List<DeviceEvent> events)
    {
        Wire.E2eeAddress group = info?.GroupAddress ?? throw new ProtocolException(ProtocolErrorCode.MissingField, "add message without group address");
        DeviceGroup g = state.GroupOf(group);
        if (newcomers.Any(n => Addresses.SameDevice(n.Address, state.Address)))
        {
            return state.WithGroup(g with { AwaitingJoin = g.Keys is null || g.AwaitingJoin });
        }

        if (g.Keys is null)
        {
            throw new ProtocolException(ProtocolErrorCode.UnknownGroupSession, $"{state.Name} holds no keys for {Addresses.Format(group)} to add members to");
        }

        (GroupSession next, Wire.GroupUpdateKeyBundle bundle) = GroupSessionAdd.ApplyAsMember(g.Keys.Current, inviter, sequence, newcomers, info, NowMs);
        events.Add(new GroupSessionChanged(state.Name, Addresses.Format(group), next.SessionId, "members added"));
        state = state.WithGroup(g with { Keys = g.Keys with { Current = next }, Members = g.Members.AddRange(newcomers) });
        return SendToDevices(state, newcomers, new Wire.Plaintext { Version = state.Version.Plaintext, GroupUpdateKeyBundle = bundle });
    }

    /// <summary>RemoveGroupMembersMsg: a removed device drops the group; the others learn the remaining devices.</summary>
    private DeviceState OnRemoveGroupMembers(DeviceState state, Wire.RemoveGroupMembersMsg message, List<DeviceEvent> events)
    {
        Wire.E2eeAddress group = message.GroupInfo?.GroupAddress ?? throw new ProtocolException(ProtocolErrorCode.MissingField, "RemoveGroupMembersMsg without group address");
        bool removed = message.RemovingMemberList.Any(m => m.Domain == state.Address.Domain && m.UserId == state.Address.User.UserId);
        if (removed)
        {
            events.Add(new GroupLeft(state.Name, Addresses.Format(group)));
            return state with { Groups = state.Groups.Remove(GroupMember.AddressKey(group)) };
        }

        state = state.WithGroup(state.GroupOf(group) with { Members = [.. message.MemberInfoList.Select(GroupMember.FromWire)] });
        return ApplyPendingSeeds(state, group, events);
    }

    /// <summary>LeaveGroupMsg (to a manager): run the removal of the member that left (REFERENCE-BEHAVIOUR §40).</summary>
    private DeviceState OnLeaveGroup(DeviceState state, Wire.LeaveGroupMsg message, List<DeviceEvent> events)
    {
        _ = events;
        Wire.E2eeAddress leaver = message.UserAddress ?? throw new ProtocolException(ProtocolErrorCode.MissingField, "LeaveGroupMsg without user address");
        if (state.GroupOf(message.GroupAddress).Keys is null)
        {
            return state;
        }

        return RemoveMembers(state, message.GroupAddress, [(leaver.Domain, leaver.User.UserId)]);
    }

    private static void Require(string request, Wire.ResponseCode code, string detail)
    {
        if (!IsSuccess(code))
        {
            throw new DeviceRequestException(request, code, detail);
        }
    }
}
