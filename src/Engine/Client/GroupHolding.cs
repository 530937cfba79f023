using System.Collections.Immutable;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// What a device holds for a group until what it depends on arrives (issue 11, convergence): group messages without
/// keys for them yet (<see cref="DeviceGroup.PendingMessages"/>), messages that authenticated but were written under a
/// chain not here yet (<see cref="DeviceGroup.HeldAuthentic"/>), and membership notices that arrived before the
/// session they change (<see cref="DeviceGroup.PendingNotices"/>). All bounded, persisted with the state, retried when
/// the group's keys change.
/// </summary>
/// <remarks>
/// Flooding: a copy of a message already held takes no second slot (same sender, session, sequence and ciphertext).
/// When <see cref="DeviceGroup.MaxPendingMessages"/> are held, an authenticated message evicts the oldest message that
/// has not authenticated (reported as <c>unknown_group_session</c>); a message that has not authenticated is refused
/// and never evicts anything.
/// </remarks>
internal static class GroupHolding
{
    /// <summary>Holds <paramref name="message"/> (or recognises a copy already held).</summary>
    public static DeviceState Hold(DeviceState state, DeviceGroup g, Wire.E2eeMsg message, bool authentic, bool retry, StepContext ctx)
    {
        if (IsHeld(g, message))
        {
            if (!retry)
            {
                ctx.Raise(new MessageDeferred(state.Name, Addresses.Format(message.From), message.MsgId, "a copy is already held"));
            }

            return state;
        }

        ImmutableList<Wire.E2eeMsg> pending = g.PendingMessages;
        if (pending.Count + g.HeldAuthentic.Count >= DeviceGroup.MaxPendingMessages)
        {
            if (!authentic || pending.IsEmpty)
            {
                throw new ProtocolException(ProtocolErrorCode.UnknownGroupSession, $"{state.Name} holds no keys for this message of {Addresses.Format(message.To)} and already holds {DeviceGroup.MaxPendingMessages} messages waiting for keys");
            }

            Wire.E2eeMsg evicted = pending[0];
            pending = pending.RemoveAt(0);
            ctx.Raise(new ProtocolFailure(state.Name, "E2EeMsg", ProtocolErrorCode.UnknownGroupSession, $"{evicted.MsgId} from {Addresses.Format(evicted.From)} (not authenticated) dropped to make room for an authenticated message", evicted.MsgId));
        }

        if (!retry)
        {
            ctx.Raise(new MessageDeferred(state.Name, Addresses.Format(message.From), message.MsgId, authentic ? "written under keys not here yet" : "no keys for it yet"));
        }

        return state.WithGroup(authentic
            ? g with { PendingMessages = pending, HeldAuthentic = g.HeldAuthentic.Add(message) }
            : g with { PendingMessages = pending.Add(message) });
    }

    /// <summary>Retries every held message after the group's keys changed; what still cannot be read stays held.</summary>
    public static DeviceState RetryMessages(DeviceState state, Wire.E2eeAddress group, StepContext ctx)
    {
        DeviceGroup g = state.GroupOf(group);
        if ((g.PendingMessages.IsEmpty && g.HeldAuthentic.IsEmpty) || g.Keys is null)
        {
            return state;
        }

        ImmutableList<Wire.E2eeMsg> held = g.HeldAuthentic.AddRange(g.PendingMessages);
        state = state.WithGroup(g with { PendingMessages = [], HeldAuthentic = [] });
        foreach (Wire.E2eeMsg message in held)
        {
            int events = ctx.Events.Count;
            try
            {
                state = GroupMessages.OnGroupMessage(state, message, ctx, retry: true);
            }
            catch (ProtocolException e)
            {
                ctx.TruncateTo(events);
                ctx.Raise(new ProtocolFailure(state.Name, "E2EeMsg", e.Code, e.Detail, message.MsgId));
            }
        }

        return state;
    }

    /// <summary>Holds a membership notice that does not apply yet.</summary>
    public static DeviceState HoldNotice(DeviceState state, DeviceGroup g, Wire.ProtoMsg notice, string reason, StepContext ctx)
    {
        if (g.PendingNotices.Any(n => n.Equals(notice)))
        {
            return state;
        }

        if (g.PendingNotices.Count >= DeviceGroup.MaxPendingNotices)
        {
            throw new ProtocolException(ProtocolErrorCode.UnknownGroupSession, $"{state.Name} already holds {DeviceGroup.MaxPendingNotices} membership notices for {Addresses.Format(g.GroupAddress)}: {reason}");
        }

        ctx.Raise(new MessageDeferred(state.Name, Addresses.Format(SenderOf(notice)), notice.PayloadCase.ToString(), reason));
        return state.WithGroup(g with { PendingNotices = g.PendingNotices.Add(notice) });
    }

    /// <summary>
    /// Applies the held membership notices that now apply, in the order they arrived, until none does; one that fails is
    /// reported and dropped. Then retries the held messages, and sends the texts that waited for the keys.
    /// </summary>
    public static DeviceState ApplyNotices(DeviceState state, Wire.E2eeAddress group, StepContext ctx)
    {
        state = GroupMessages.CarryRetiredWithOwn(state, group, ctx);
        bool progress = true;
        while (progress)
        {
            progress = false;
            DeviceGroup g = state.GroupOf(group);
            if (WaitingText.Learn(g) is var learned && !ReferenceEquals(learned, g))
            {
                state = state.WithGroup(g = learned); // the session of a waiting text's version: its devices may read it
            }

            if (MembershipOrder.SettleOwnAdd(g, state.Address) is var settled && !ReferenceEquals(settled, g))
            {
                // This device's own add (already in the session) is the next change now: it takes its version.
                state = state.WithGroup(g = settled);
            }

            foreach (Wire.ProtoMsg notice in g.PendingNotices)
            {
                if (IsObsolete(g, notice))
                {
                    // A newer seed (built from the server's member list) already has every newcomer: applied only to the
                    // retired session it changed, for messages in flight.
                    // Carried with the other reflected notices: an older one may arrive later and open the way to it.
                    // This device's own add, overtaken by a newer seed, is made there as the inviter, so the texts written
                    // there read — for its newcomers too, who get their welcome for it.
                    state = GroupMessages.CarryRetiredWithOwn(state.WithGroup((g with { PendingNotices = g.PendingNotices.Remove(notice) }).WithReflected(notice)), group, ctx);
                    progress = true;
                    break;
                }

                if (WaitsFor(g, notice) is not null)
                {
                    continue;
                }

                state = state.WithGroup(g with { PendingNotices = g.PendingNotices.Remove(notice) });
                int events = ctx.Events.Count;
                try
                {
                    state = GroupMessages.ApplyNotice(state, notice, ctx);
                }
                catch (ProtocolException e)
                {
                    ctx.TruncateTo(events);
                    ctx.Raise(new ProtocolFailure(state.Name, notice.PayloadCase.ToString(), e.Code, e.Detail));
                }

                progress = true;
                break;
            }
        }

        state = GroupReAdd.Heal(RetryMessages(state, group, ctx), group, ctx);
        return GroupCommands.SendWaitingTexts(GroupCommands.AddMissingOwnDevices(state, group), group, ctx);
    }

    /// <summary>
    /// What a membership notice still waits for, or null when it applies: the group's keys, or the member list it was
    /// written under (the users of its group info must be the users of our session plus the newcomers').
    /// </summary>
    public static string? WaitsFor(DeviceGroup g, Wire.ProtoMsg notice)
    {
        if (g.Keys is null || g.AwaitingJoin)
        {
            return "the group's keys have not arrived";
        }

        if (!g.AwaitedChains.IsEmpty && g.IsMember)
        {
            // (A departed device does not wait: it applies the adds only to read what was written after them, and a
            // member that learnt of its departure first may never send it a chain.)
            return "the chains of the members this device joined have not all arrived yet";
        }

        ulong version = MembershipOrder.Of(notice);
        if (MembershipOrder.Known(g, version))
        {
            // The server's order (MembershipOrder): the next change applies, one further ahead waits — and so does one
            // whose inviter's chain has not reached this newcomer yet (an add re-derives it from the inviter's position).
            if (MembershipOrder.IsAhead(g, version))
            {
                return "an earlier membership change has not arrived yet";
            }

            Wire.E2eeAddress? inviter = SenderOf(notice);
            bool inviterKnown = inviter is null || Addresses.SameDevice(inviter, g.Keys.Current.Owner.Address)
                || g.Keys.Current.Members.Any(m => Addresses.SameDevice(m.Address, inviter));
            return inviterKnown ? null : "the inviter's chain has not arrived yet";
        }

        if (IsStale(g))
        {
            return "a removal's new seed has not arrived yet";
        }

        (Wire.GroupInfo? info, IEnumerable<Wire.E2eeAddress> newcomers) = notice.PayloadCase switch
        {
            Wire.ProtoMsg.PayloadOneofCase.AddGroupMembersMsg => (notice.AddGroupMembersMsg.GroupInfo, notice.AddGroupMembersMsg.AddingMemberInfoList.Select(m => m.MemberAddress)),
            Wire.ProtoMsg.PayloadOneofCase.AddGroupMemberDeviceMsg => (notice.AddGroupMemberDeviceMsg.GroupInfo, [notice.AddGroupMemberDeviceMsg.AddingMemberDevice?.MemberAddress]),
            _ => (null, []),
        };
        if (info is null)
        {
            return null; // malformed: applying it reports why
        }

        HashSet<(string, string)> written = [.. info.GroupMemberList.Select(m => (m.Domain, m.UserId))];
        HashSet<(string, string)> ours = [.. g.Keys.Current.GroupInfo.GroupMemberList.Select(m => (m.Domain, m.UserId))];
        ours.UnionWith(newcomers.Where(a => a?.User is not null).Select(a => (a!.Domain, a.User.UserId)));
        return written.SetEquals(ours) ? null : "it was written under a member list this device's session does not have yet";
    }

    /// <summary>
    /// Whether the current session predates a removal this device has heard of (it still has a removed device): an add
    /// notice written after that removal must wait for the removal's seed, whatever its member list looks like.
    /// </summary>
    private static bool IsStale(DeviceGroup g) =>
        g.Keys is not null && g.Keys.Current.Members.Any(m => g.FormerMembers.Any(f => f.Key == m.Key));

    /// <summary>
    /// The devices (with sign keys) the held add notices add — with <paramref name="upToVersion"/>, only those of adds
    /// at or before that membership version (a seed of version v is written before any later add: its newcomers join
    /// by that add, not by the seed).
    /// </summary>
    public static IEnumerable<GroupMember> NoticeNewcomers(DeviceGroup g, ulong upToVersion = 0) =>
        g.PendingNotices.Where(n => upToVersion == 0 || MembershipOrder.Of(n) is 0 || MembershipOrder.Of(n) <= upToVersion).SelectMany(n => n.PayloadCase switch
        {
            Wire.ProtoMsg.PayloadOneofCase.AddGroupMembersMsg => n.AddGroupMembersMsg.AddingMemberInfoList.Where(m => m.MemberAddress?.User is not null),
            Wire.ProtoMsg.PayloadOneofCase.AddGroupMemberDeviceMsg when n.AddGroupMemberDeviceMsg.AddingMemberDevice?.MemberAddress?.User is not null => [n.AddGroupMemberDeviceMsg.AddingMemberDevice],
            _ => [],
        }).Select(GroupMember.FromWire);

    /// <summary>
    /// Whether a held add notice is already in the current session: its version is at or below the session's, or
    /// (versions unknown) every device it adds is already a member.
    /// </summary>
    public static bool IsObsolete(DeviceGroup g, Wire.ProtoMsg notice)
    {
        if (g.Keys is null || g.AwaitingJoin)
        {
            return false;
        }

        ulong version = MembershipOrder.Of(notice);
        if (MembershipOrder.Known(g, version))
        {
            return MembershipOrder.IsReflected(g, version);
        }

        if (IsStale(g))
        {
            return false;
        }

        List<Wire.E2eeAddress?> newcomers = notice.PayloadCase switch
        {
            Wire.ProtoMsg.PayloadOneofCase.AddGroupMembersMsg => [.. notice.AddGroupMembersMsg.AddingMemberInfoList.Select(m => m.MemberAddress)],
            Wire.ProtoMsg.PayloadOneofCase.AddGroupMemberDeviceMsg => [notice.AddGroupMemberDeviceMsg.AddingMemberDevice?.MemberAddress],
            _ => [],
        };
        return newcomers.Count > 0 && newcomers.All(a => a is not null && g.Keys.Current.Members.Any(m => Addresses.SameDevice(m.Address, a)));
    }

    private static bool IsHeld(DeviceGroup g, Wire.E2eeMsg message) =>
        g.PendingMessages.Concat(g.HeldAuthentic).Any(h => h.SessionId == message.SessionId
            && Addresses.SameDevice(h.From, message.From)
            && h.GroupMsg?.Sequence == message.GroupMsg?.Sequence
            && h.GroupMsg?.Ciphertext == message.GroupMsg?.Ciphertext);

    /// <summary>The device that made an add notice's add (its inviter), or null for another payload.</summary>
    internal static Wire.E2eeAddress? SenderOf(Wire.ProtoMsg notice) => notice.PayloadCase switch
    {
        Wire.ProtoMsg.PayloadOneofCase.AddGroupMembersMsg => notice.AddGroupMembersMsg.SenderAddress,
        Wire.ProtoMsg.PayloadOneofCase.AddGroupMemberDeviceMsg => notice.AddGroupMemberDeviceMsg.SenderAddress,
        _ => null,
    };
}
