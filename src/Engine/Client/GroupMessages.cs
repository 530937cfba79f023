using System.Collections.Immutable;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// The device core's handling of server-sent group messages (seed 000 §Create group … §Send group message;
/// REFERENCE-BEHAVIOUR §35–41): group texts (held when their keys have not arrived), seeds, add and remove notices.
/// Pure: a new state and the step's events; requests go to the state's outbox.
/// </summary>
internal static partial class GroupMessages
{
    /// <summary>
    /// A group E2eeMsg. When this device holds no keys for it yet — no session, a session id it has not received the
    /// seed of, or a sender whose chain has not arrived — the message is held (bounded) and retried when keys arrive,
    /// instead of being lost: the seed travels over a one-to-one session that may still be waiting for its accept.
    /// </summary>
    internal static DeviceState OnGroupMessage(DeviceState state, Wire.E2eeMsg message, StepContext ctx, bool retry = false)
    {
        DeviceGroup g = state.GroupOf(message.To);
        bool authentic = false;
        if (g.Keys is not null)
        {
            try
            {
                (GroupState keys, GroupMember sender, byte[] text) = g.Keys.Decrypt(message, ctx.NowMs, ctx.Deviations);
                ctx.Raise(new GroupMessageReceived(state.Name, Addresses.Format(message.To), sender.Key, text, message.MsgId));
                return state.WithGroup(g with { Keys = keys });
            }
            catch (ProtocolException e) when (e.Code is ProtocolErrorCode.BadTag or ProtocolErrorCode.SupersededChain)
            {
                // The signature verified (it is checked first), so the sender wrote this ciphertext, and it is not one we
                // read (that is a replay): it was written under a chain an add or a seed still on its way will give us.
                authentic = true;
            }
            catch (ProtocolException e) when (e.Code is ProtocolErrorCode.UnknownGroupSession or ProtocolErrorCode.NotAMember && CouldArriveLater(g, message))
            {
                // No keys for it yet (a seed, a chain still on its way): held below.
            }
        }

        return GroupHolding.Hold(state, g, message, authentic, retry, ctx);
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
            && ListsUserOf(r.Session.GroupInfo, message.From)); // its chain for the retired session may still come

    /// <summary>Whether the user of <paramref name="device"/> is in the member list <paramref name="info"/> was written under.</summary>
    private static bool ListsUserOf(Wire.GroupInfo info, Wire.E2eeAddress? device) =>
        device?.User is not null && info.GroupMemberList.Any(m => m.Domain == device.Domain && m.UserId == device.User.UserId);

    /// <summary>CreateGroupMsg: the member devices and their sign keys; the seed may already be waiting.</summary>
    internal static DeviceState OnCreateGroup(DeviceState state, Wire.CreateGroupMsg message, StepContext ctx)
    {
        Wire.E2eeAddress group = message.GroupInfo?.GroupAddress ?? throw new ProtocolException(ProtocolErrorCode.MissingField, "CreateGroupMsg without group address");
        state = state.WithGroup(state.GroupOf(group).WithMembers([.. message.MemberInfoList.Select(GroupMember.FromWire)]));
        return ApplyPendingSeeds(state, group, ctx);
    }

    /// <summary>A GroupPreKeyBundle from a one-to-one message: build (or renew) the group session once the members are known.</summary>
    internal static DeviceState OnGroupSeed(DeviceState state, Wire.E2eeAddress from, Wire.GroupPreKeyBundle bundle, StepContext ctx)
    {
        if (!Addresses.SameDevice(from, bundle.Sender))
        {
            throw new ProtocolException(ProtocolErrorCode.BadGroupBundle, $"group seed sent by {Addresses.Format(from)} claims sender {Addresses.Format(bundle.Sender)}");
        }

        Wire.E2eeAddress group = bundle.GroupInfo?.GroupAddress ?? throw new ProtocolException(ProtocolErrorCode.BadGroupBundle, "group seed without group address");
        DeviceGroup g = state.GroupOf(group);
        state = state.WithGroup(g.WithPendingSeed(bundle));
        return ApplyPendingSeeds(state, group, ctx);
    }

    internal static DeviceState ApplyPendingSeeds(DeviceState state, Wire.E2eeAddress group, StepContext ctx)
    {
        DeviceGroup g = state.GroupOf(group);
        foreach (Wire.GroupPreKeyBundle bundle in g.PendingSeeds)
        {
            HashSet<(string, string)> users = [.. bundle.GroupInfo.GroupMemberList.Select(m => (m.Domain, m.UserId))];
            // Former members too: a removal can arrive before the seed of the session its member still belonged to.
            // And the newcomers of held add notices: a manager's new seed can list a member this device only knows from
            // an add it could not apply yet.
            bool listed = bundle.MemberDevices.Count > 0;
            List<GroupMember> devices = listed
                ? [.. bundle.MemberDevices.Select(GroupMember.FromWire).DistinctBy(m => m.Key).Where(m => users.Contains((m.Address.Domain, m.Address.User?.UserId ?? "")))]
                : [.. g.Members.Concat(g.FormerMembers).Concat(GroupHolding.NoticeNewcomers(g, bundle.GroupInfo.MembershipVersion)).DistinctBy(m => m.Key).Where(m => users.Contains((m.Address.Domain, m.Address.User?.UserId ?? "")))];
            if (!devices.Any(d => Addresses.SameDevice(d.Address, state.Address)) || !devices.Any(d => Addresses.SameDevice(d.Address, bundle.Sender)))
            {
                continue; // the server's member list for this seed has not arrived yet
            }

            if (!listed && bundle.GroupInfo.MembershipVersion > 0 && !users.All(u => devices.Any(d => d.Address.Domain == u.Item1 && d.Address.User?.UserId == u.Item2)))
            {
                continue; // a member's devices are not known here yet: the notice that names them is still on its way
            }

            GroupSession session = GroupSessionFactory.FromPreKeyBundle(state.Account, state.Address, bundle, devices);
            if (g.Keys is not null && (g.Superseded.Contains(session.SessionId) || MembershipOrder.IsOlderThanCurrent(g, session)))
            {
                // A seed that arrives after the seed that replaced it (two manager devices reseeding at once): kept as
                // retired, for its messages in flight, never made current again.
                state = CarryRetired(state.WithGroup(g with { Keys = g.Keys.WithRetired(session, ctx.NowMs), PendingSeeds = g.PendingSeeds.Remove(bundle) }), group, ctx);
                g = state.GroupOf(group);
                ctx.Raise(new GroupSessionChanged(state.Name, Addresses.Format(group), session.SessionId, "received after its successor"));
                continue;
            }

            GroupState keys = g.Keys is null ? GroupState.Of(session) : g.Keys.Replace(session, ctx.NowMs);
            ulong seedVersion = bundle.GroupInfo.MembershipVersion;
            if (!g.IsMember && seedVersion > g.SelfVersion)
            {
                // Removed, then added back: a seed the server wrote for a member list with this device in it, newer than
                // the removal, came before the add notice naming it (the network lost that one for a while). It is a
                // member again — and welcomes the newcomers of the adds that follow, as every member does.
                g = g with { LeftAtMs = null, SelfVersion = seedVersion };
            }

            g = (g with { Keys = keys, PendingSeeds = g.PendingSeeds.Remove(bundle), AwaitingJoin = false, AwaitedChains = [], Members = listed ? Merge(g.Members, devices) : g.Members }).WithSuperseded(bundle.OldSessionId);
            ctx.Raise(new GroupSessionChanged(state.Name, Addresses.Format(group), session.SessionId, bundle.OldSessionId.Length == 0 ? "joined" : "renewed"));
        }

        return GroupHolding.ApplyNotices(state.WithGroup(g), group, ctx);
    }

    /// <summary>A GroupUpdateKeyBundle (REFERENCE-BEHAVIOUR §41): the newcomer joins from the inviter's, then takes each member's chain.</summary>
    internal static DeviceState OnGroupUpdate(DeviceState state, Wire.GroupUpdateKeyBundle bundle, StepContext ctx)
    {
        Wire.E2eeAddress group = bundle.GroupInfo?.GroupAddress ?? throw new ProtocolException(ProtocolErrorCode.BadGroupBundle, "group update without group address");
        DeviceGroup g = state.GroupOf(group);
        if (bundle.Adding)
        {
            GroupSession joined = GroupSessionAdd.JoinFromInviter(state.Account, state.Address, bundle, ctx.Deviations);
            foreach (Wire.GroupUpdateKeyBundle waiting in g.PendingUpdates.Where(u => u.SessionId == joined.SessionId))
            {
                joined = GroupSessionAdd.AcceptMemberChain(joined, waiting, ctx.NowMs, ctx.Deviations);
            }

            if (g.Keys is not null && MembershipOrder.IsOlderThanCurrent(g, joined))
            {
                // A seed written after our add (a removal) arrived first: the joined session is only kept for its
                // messages in flight.
                ctx.Raise(new GroupSessionChanged(state.Name, Addresses.Format(group), joined.SessionId, "received after its successor"));
                return GroupHolding.ApplyNotices(CarryRetired(state.WithGroup(g with { Keys = g.Keys.WithRetired(joined, ctx.NowMs), PendingUpdates = g.PendingUpdates.RemoveAll(u => u.SessionId == joined.SessionId), Members = Merge(g.Members, joined.Members) }), group, ctx), group, ctx);
            }

            ulong joinedVersion = joined.GroupInfo.MembershipVersion;
            bool stillAwaited = g.IsMember && joinedVersion > 0 && joinedVersion < g.SelfVersion;
            if (!g.IsMember && joinedVersion > 0 && joinedVersion > g.SelfVersion)
            {
                // Removed, then added back: the inviter's bundle came before the add notice naming this device.
                g = g with { LeftAtMs = null, SelfVersion = joinedVersion };
            }

            if (stillAwaited)
            {
                // The bundle of an add from before this device was removed and added back: it reads what was written to
                // it then, and still awaits the bundle of the newer add.
                ctx.Raise(new GroupSessionChanged(state.Name, Addresses.Format(group), joined.SessionId, "received after its successor"));
            }
            else
            {
                ctx.Raise(new GroupSessionChanged(state.Name, Addresses.Format(group), joined.SessionId, "joined by invitation"));
            }

            GroupState keys = g.Keys is null ? GroupState.Of(joined) : g.Keys.Replace(joined, ctx.NowMs);
            ImmutableList<Wire.GroupUpdateKeyBundle> unapplied = g.PendingUpdates.RemoveAll(u => u.SessionId == joined.SessionId);
            ImmutableList<string> awaited = [.. bundle.MemberDevices.Where(m => m.MemberAddress is not null).Select(m => GroupMember.AddressKey(m.MemberAddress)).Where(k => !joined.Has(k)).Distinct().Take(DeviceGroup.MaxAwaitedChains)];
            return GroupHolding.ApplyNotices(state.WithGroup(g with { Keys = keys, PendingUpdates = unapplied, AwaitingJoin = stillAwaited, Members = Merge(g.Members, joined.Members), AwaitedChains = stillAwaited ? g.AwaitedChains : awaited }), group, ctx);
        }

        int retired = g.Keys is null || g.AwaitingJoin ? -1 : g.Keys.Retired.FindIndex(r => r.Session.SessionId == bundle.SessionId);
        if (retired >= 0 && ListsUserOf(g.Keys!.Retired[retired].Session.GroupInfo, bundle.Sender))
        {
            // A member's chain for the session we joined, arriving after a removal already replaced that session (maybe
            // the removal of that very member): its messages still in flight in the old session must stay readable for
            // the grace, as for everyone else.
            GroupSession old = GroupSessionAdd.AcceptMemberChain(g.Keys.Retired[retired].Session, bundle, ctx.NowMs, ctx.Deviations);
            GroupState keys = g.Keys with { Retired = g.Keys.Retired.SetItem(retired, g.Keys.Retired[retired] with { Session = old }) };
            // With the chain here, an add that came before it (its inviter's chain missing then) may carry the session now.
            return GroupHolding.ApplyNotices(CarryRetired(state.WithGroup(g with { Keys = keys, Members = Merge(g.Members, old.Members) }), group, ctx), group, ctx);
        }

        if (g.Keys is null || g.AwaitingJoin || g.Keys.Current.SessionId != bundle.SessionId)
        {
            return state.WithGroup(g.WithPendingUpdate(bundle));
        }

        GroupSession next = GroupSessionAdd.AcceptMemberChain(g.Keys.Current, bundle, ctx.NowMs, ctx.Deviations);
        return GroupHolding.ApplyNotices(state.WithGroup(g with { Keys = g.Keys with { Current = next }, Members = Merge(g.Members, next.Members), AwaitedChains = g.AwaitedChains.Remove(GroupMember.AddressKey(bundle.Sender)) }), group, ctx);
    }

    /// <summary>
    /// The member devices known so far plus those a session names. A newcomer's session starts with the inviter's chain
    /// only; the server's member list (which a removal's seed is built from, maybe before the other chains arrive) must
    /// not shrink to it. Only the server's own lists (create, remove) replace the known devices.
    /// </summary>
    private static ImmutableList<GroupMember> Merge(ImmutableList<GroupMember> known, IEnumerable<GroupMember> more) =>
        known.AddRange(more.Where(m => !known.Any(k => k.Key == m.Key)));

    /// <summary>AddGroupMembersMsg: an existing member re-derives its chains and hands its chain to the newcomers.</summary>
    internal static DeviceState OnAddGroupMembers(DeviceState state, Wire.AddGroupMembersMsg message, StepContext ctx) =>
        OnNotice(state, new Wire.ProtoMsg { AddGroupMembersMsg = message.Clone() }, ctx);

    internal static DeviceState OnAddGroupMemberDevice(DeviceState state, Wire.AddGroupMemberDeviceMsg message, StepContext ctx) =>
        OnNotice(state, new Wire.ProtoMsg { AddGroupMemberDeviceMsg = message.Clone() }, ctx);

    /// <summary>
    /// An add notice: applied when the session and member list it was written under are here; held otherwise
    /// (<see cref="GroupHolding.WaitsFor"/>), and applied when they arrive. A notice that adds this device marks the
    /// group as awaiting the inviter's bundle.
    /// </summary>
    private static DeviceState OnNotice(DeviceState state, Wire.ProtoMsg notice, StepContext ctx)
    {
        (Wire.GroupInfo? info, List<GroupMember> newcomers) = Parse(notice);
        Wire.E2eeAddress group = info?.GroupAddress ?? throw new ProtocolException(ProtocolErrorCode.MissingField, "add message without group address");
        DeviceGroup g = state.GroupOf(group);
        if (WaitingText.LearnFrom(g, MembershipOrder.Of(notice), newcomers) is var learned && !ReferenceEquals(learned, g))
        {
            state = state.WithGroup(g = learned); // an add made before a waiting text was written: its newcomers may read it
        }

        if (newcomers.Any(n => Addresses.SameDevice(n.Address, state.Address)))
        {
            return GroupDeparture.Added(g, MembershipOrder.Of(notice)) is { } added ? state.WithGroup(MembershipOrder.SettleOwnAdd(added, state.Address)) : state;
        }

        if (GroupHolding.IsObsolete(g, notice))
        {
            // A later seed, written under the server's member list, already has its newcomers; messages written after
            // the add in the session it changed may still be in flight, so it is applied to that session if retired here.
            // Then whatever was held behind it: another held notice may be obsolete now too (this device's own add,
            // whose texts wait), and messages may read in the carried session.
            // With the other reflected notices, in version order: a newer one kept before may apply only after this one.
            return GroupHolding.ApplyNotices(CarryRetired(state.WithGroup(g.WithReflected(notice)), group, ctx), group, ctx);
        }

        return GroupHolding.WaitsFor(g, notice) is { } reason
            ? GroupHolding.HoldNotice(state, g, notice, reason, ctx)
            : GroupHolding.ApplyNotices(ApplyNotice(state, notice, ctx), group, ctx);
    }

    /// <summary>An add notice that applies: this member re-derives its chains and hands its chain to the newcomers.</summary>
    internal static DeviceState ApplyNotice(DeviceState state, Wire.ProtoMsg notice, StepContext ctx)
    {
        (Wire.GroupInfo? info, List<GroupMember> newcomers) = Parse(notice);
        Wire.E2eeAddress group = info?.GroupAddress ?? throw new ProtocolException(ProtocolErrorCode.MissingField, "add message without group address");
        Wire.E2eeAddress inviter = GroupHolding.SenderOf(notice)
            ?? throw new ProtocolException(ProtocolErrorCode.MissingField, "add message without sender");
        if (state.GroupOf(group) is { Keys: { } held, AwaitingJoin: false } known && newcomers.Count > 0 && newcomers.All(n => held.Current.Has(n.Key)))
        {
            // Every device it adds is already in the session: a seed of the version before was written under the
            // server's device list, which had the device already. Nothing to derive, for anyone: the session takes the
            // add's version (every member holds the same seed session, member_devices, so every member does this).
            return state.WithGroup(MembershipOrder.TakeVersion(known, info!));
        }

        if (Addresses.SameDevice(inviter, state.Address))
        {
            return GroupCommands.AddAsInviter(state, group, info!, newcomers, ctx); // this device's own add, held until its turn
        }

        DeviceGroup g = state.GroupOf(group);
        uint sequence = InviterPosition(g, notice);
        GroupState keys = g.Keys ?? throw new ProtocolException(ProtocolErrorCode.UnknownGroupSession, $"{state.Name} holds no keys for {Addresses.Format(group)} to add members to");
        (GroupSession next, Wire.GroupUpdateKeyBundle bundle) = GroupSessionAdd.ApplyAsMember(keys.Current, inviter, sequence, newcomers, info, ctx.NowMs, ctx.Deviations);
        ctx.Raise(new GroupSessionChanged(state.Name, Addresses.Format(group), next.SessionId, "members added"));
        state = state.WithGroup(g with { Keys = keys with { Current = next }, Members = g.Members.AddRange(newcomers) });
        return !g.IsMember
            ? state // departed: it applies the add only to read what was written after it, and welcomes nobody
            : GroupCommands.SendToDevices(state, newcomers, new Wire.Plaintext { Version = state.Version.Plaintext, GroupUpdateKeyBundle = bundle }, ctx);
    }

    /// <summary>
    /// The inviter's position the add is made at: the notice's sequence, unless the server ordered other changes between
    /// the session the inviter asked from and the add (its based-on version is older than the version just before the
    /// add's) and at least one of them derived new chains — then the sequence names a position of an older chain level,
    /// and the add is made at position 0 of the level before it, where the inviter has kept its chain (its texts wait
    /// while its add is in progress). Changes in between that only moved the version (adds of devices already in the
    /// session, <see cref="DeviceGroup.VersionOnlyChanges"/>) leave the inviter at its sequence.
    /// </summary>
    private static uint InviterPosition(DeviceGroup g, Wire.ProtoMsg notice)
    {
        uint sequence = notice.AddGroupMembersMsg?.Sequence ?? notice.AddGroupMemberDeviceMsg?.Sequence ?? 0;
        ulong basedOn = notice.AddGroupMembersMsg?.BasedOnVersion ?? notice.AddGroupMemberDeviceMsg?.BasedOnVersion ?? 0;
        ulong version = MembershipOrder.Of(notice);
        if (basedOn == 0 || version == 0 || basedOn + 1 >= version)
        {
            return sequence;
        }

        bool derivedBetween = false;
        for (ulong v = basedOn + 1; v < version && !derivedBetween; v++)
        {
            derivedBetween = !g.VersionOnlyChanges.Contains(v);
        }

        return derivedBetween ? 0 : sequence;
    }

    private static (Wire.GroupInfo? Info, List<GroupMember> Newcomers) Parse(Wire.ProtoMsg notice) => notice.PayloadCase switch
    {
        Wire.ProtoMsg.PayloadOneofCase.AddGroupMembersMsg => (notice.AddGroupMembersMsg.GroupInfo, [.. notice.AddGroupMembersMsg.AddingMemberInfoList.Select(GroupMember.FromWire)]),
        Wire.ProtoMsg.PayloadOneofCase.AddGroupMemberDeviceMsg => (notice.AddGroupMemberDeviceMsg.GroupInfo, [GroupMember.FromWire(notice.AddGroupMemberDeviceMsg.AddingMemberDevice)]),
        _ => throw new ProtocolException(ProtocolErrorCode.MalformedMessage, $"{notice.PayloadCase} is not a membership notice"),
    };

    /// <summary>RemoveGroupMembersMsg: a removed device keeps the group for reading only (<see cref="GroupDeparture"/>); the others learn the remaining devices.</summary>
    internal static DeviceState OnRemoveGroupMembers(DeviceState state, Wire.RemoveGroupMembersMsg message, StepContext ctx)
    {
        Wire.E2eeAddress group = message.GroupInfo?.GroupAddress ?? throw new ProtocolException(ProtocolErrorCode.MissingField, "RemoveGroupMembersMsg without group address");
        DeviceGroup g = state.GroupOf(group);
        ulong version = message.GroupInfo.MembershipVersion;
        if (MembershipOrder.IsReflected(g, version))
        {
            return ApplyPendingSeeds(state, group, ctx); // an old removal: the session held is already past it (a re-add of this device too)
        }

        bool removed = message.RemovingMemberList.Any(m => m.Domain == state.Address.Domain && m.UserId == state.Address.User.UserId);
        if (removed)
        {
            DeviceState departed = GroupDeparture.Removed(state, group, version, ctx.NowMs);
            if (ReferenceEquals(departed, state))
            {
                return state;
            }

            // A departed device waits for no more member chains: what it holds may apply now (to read, not to welcome).
            ctx.Raise(new GroupLeft(state.Name, Addresses.Format(group)));
            return departed.GroupOf(group).PendingNotices.IsEmpty ? departed : GroupHolding.ApplyNotices(departed, group, ctx);
        }

        state = state.WithGroup((MembershipOrder.Known(g, version) ? g : GroupReAdd.NoteRemoval(g, message)).WithMembers([.. message.MemberInfoList.Select(GroupMember.FromWire)]));
        return ApplyPendingSeeds(state, group, ctx);
    }

    /// <summary>LeaveGroupMsg (to a manager): run the removal of the member that left (REFERENCE-BEHAVIOUR §40).</summary>
    internal static DeviceState OnLeaveGroup(DeviceState state, Wire.LeaveGroupMsg message)
    {
        Wire.E2eeAddress leaver = message.UserAddress?.User is null
            ? throw new ProtocolException(ProtocolErrorCode.MissingField, "LeaveGroupMsg without user address")
            : message.UserAddress;
        if (state.GroupOf(message.GroupAddress).Keys is null)
        {
            return state;
        }

        return GroupCommands.RequestRemoval(state, message.GroupAddress, [(leaver.Domain, leaver.User.UserId)]);
    }
}
