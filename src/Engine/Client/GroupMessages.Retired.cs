using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Client;

// The retired sessions of a group carried up through the membership changes made after them (issue 11, convergence):
// old add notices, this device's own overtaken adds, and member chains kept while it awaited a rejoin.
internal static partial class GroupMessages
{
    /// <summary>
    /// An add notice the current session is already past: applied to the retired session of the version just before it,
    /// if there is one, for the messages written after the add that are still in flight. A current member hands the
    /// newcomers its chain of that session, as it would have had the notice come in time: a newcomer needs it to read
    /// what this device wrote there and to make the adds that follow there (this device's chain is the inviter's of
    /// its own adds) — even a newcomer removed since, which must still read what was written to it while a member. A
    /// departed device welcomes nobody. A notice that cannot apply there changes nothing.
    /// </summary>
    internal static DeviceState ApplyToRetired(DeviceState state, Wire.E2eeAddress group, Wire.ProtoMsg notice, StepContext ctx)
    {
        DeviceGroup g = state.GroupOf(group);
        int i = RetiredBefore(g, notice);
        if (i < 0)
        {
            return state;
        }

        (Wire.GroupInfo? info, List<GroupMember> newcomers) = Parse(notice);
        Wire.E2eeAddress? inviter = GroupHolding.SenderOf(notice);
        uint sequence = InviterPosition(g, notice);
        if (info is null || inviter is null || Addresses.SameDevice(inviter, state.Address))
        {
            return state;
        }

        GroupSession next;
        Wire.GroupUpdateKeyBundle bundle;
        try
        {
            (next, bundle) = GroupSessionAdd.ApplyAsMember(g.Keys!.Retired[i].Session, inviter, sequence, newcomers, info, ctx.NowMs, ctx.Deviations);
        }
        catch (ProtocolException)
        {
            return state;
        }

        state = state.WithGroup(g with { Keys = g.Keys with { Retired = g.Keys.Retired.SetItem(i, g.Keys.Retired[i] with { Session = next }) } });
        return g.IsMember
            ? GroupCommands.SendToDevices(state, newcomers, new Wire.Plaintext { Version = state.Version.Plaintext, GroupUpdateKeyBundle = bundle }, ctx)
            : state;
    }

    /// <summary>
    /// This device's own add notice, overtaken by a newer seed before it could be made (held behind a change that had
    /// not arrived): made as the inviter on the retired session of the version just before it, if there is one and it
    /// lacks the newcomers, and the newcomers get their welcome bundle for it (kept retired on their side). Every other
    /// member made the add on that session when it came, and messages written after it there are still in flight. A
    /// notice that cannot apply there changes nothing.
    /// </summary>
    internal static DeviceState ApplyOwnToRetired(DeviceState state, Wire.E2eeAddress group, Wire.ProtoMsg notice, StepContext ctx)
    {
        DeviceGroup g = state.GroupOf(group);
        int i = RetiredBefore(g, notice);
        (Wire.GroupInfo? info, List<GroupMember> newcomers) = Parse(notice);
        if (i < 0 || info is null || newcomers.Count == 0 || newcomers.Any(n => g.Keys!.Retired[i].Session.Has(n.Key)))
        {
            return state;
        }

        int events = ctx.Events.Count;
        try
        {
            GroupSession retired = g.Keys!.Retired[i].Session;
            (GroupSession next, Wire.GroupUpdateKeyBundle bundle) = GroupSessionAdd.AddAsInviter(retired, newcomers, info, ctx.NowMs, ctx.Deviations);
            bundle.MemberDevices.AddRange(next.Members.Select(m => m.ToWire()));
            state = state.WithGroup(g with { Keys = g.Keys with { Retired = g.Keys.Retired.SetItem(i, g.Keys.Retired[i] with { Session = next }) } });
            ctx.Raise(new GroupSessionChanged(state.Name, Addresses.Format(group), next.SessionId, "members added to a retired session"));
            return GroupCommands.SendToDevices(state, newcomers, new Wire.Plaintext { Version = state.Version.Plaintext, GroupUpdateKeyBundle = bundle }, ctx);
        }
        catch (ProtocolException)
        {
            ctx.TruncateTo(events);
            return state;
        }
    }

    /// <summary>
    /// Members' chains kept for a session that was current but awaited (this device was added back, its new session on
    /// the way) and has been retired since: taken into that retired session now, so the adds kept for it can carry it up
    /// and the messages written there read. The same group when none applies.
    /// </summary>
    internal static DeviceGroup AbsorbRetiredChains(DeviceGroup g, long nowMs, ProtocolDeviations deviations)
    {
        if (g.Keys is null || g.AwaitingJoin || g.PendingUpdates.IsEmpty || g.Keys.Retired.IsEmpty)
        {
            return g;
        }

        foreach (Wire.GroupUpdateKeyBundle update in g.PendingUpdates.Where(u => !u.Adding))
        {
            int i = g.Keys!.Retired.FindIndex(r => r.Session.SessionId == update.SessionId);
            if (i < 0 || !ListsUserOf(g.Keys.Retired[i].Session.GroupInfo, update.Sender))
            {
                continue;
            }

            try
            {
                GroupSession old = GroupSessionAdd.AcceptMemberChain(g.Keys.Retired[i].Session, update, nowMs, deviations);
                g = g with { Keys = g.Keys with { Retired = g.Keys.Retired.SetItem(i, g.Keys.Retired[i] with { Session = old }) }, PendingUpdates = g.PendingUpdates.Remove(update), Members = Merge(g.Members, old.Members) };
            }
            catch (ProtocolException)
            {
                g = g with { PendingUpdates = g.PendingUpdates.Remove(update) }; // cannot apply there ever: dropped
            }
        }

        return g;
    }

    /// <summary>
    /// <see cref="CarryRetired"/> with this device's own reflected adds made too (<see cref="ApplyOwnToRetired"/>), in
    /// version order: an own add kept as reflected applies once the add before it has carried the retired session up.
    /// </summary>
    internal static DeviceState CarryRetiredWithOwn(DeviceState state, Wire.E2eeAddress group, StepContext ctx)
    {
        DeviceGroup g = state.GroupOf(group);
        if (AbsorbRetiredChains(g, ctx.NowMs, ctx.Deviations) is var absorbed && !ReferenceEquals(absorbed, g))
        {
            state = CarryRetired(state.WithGroup(absorbed), group, ctx);
            g = state.GroupOf(group);
        }

        if (g.Keys is null || g.Keys.Retired.IsEmpty || g.ReflectedNotices.IsEmpty)
        {
            return state;
        }

        foreach (Wire.ProtoMsg notice in g.ReflectedNotices.OrderBy(MembershipOrder.Of))
        {
            state = Addresses.SameDevice(GroupHolding.SenderOf(notice), state.Address)
                ? ApplyOwnToRetired(state, group, notice, ctx)
                : ApplyToRetired(state, group, notice, ctx);
        }

        return state;
    }

    /// <summary>
    /// A session that arrived after its successor and was kept retired — or a retired session an old add notice just
    /// moved up a version — carried up through the add notices that had arrived before
    /// (<see cref="DeviceGroup.ReflectedNotices"/>, in version order): the messages written after those adds, still in
    /// flight, are read in it. A notice already applied there finds no session of the version before it: no change.
    /// </summary>
    internal static DeviceState CarryRetired(DeviceState state, Wire.E2eeAddress group, StepContext ctx)
    {
        foreach (Wire.ProtoMsg notice in state.GroupOf(group).ReflectedNotices.OrderBy(MembershipOrder.Of))
        {
            state = ApplyToRetired(state, group, notice, ctx);
        }

        return state;
    }

    /// <summary>The index of the retired session of the version just before <paramref name="notice"/>'s; -1 when there is none.</summary>
    private static int RetiredBefore(DeviceGroup g, Wire.ProtoMsg notice)
    {
        ulong version = MembershipOrder.Of(notice);
        return version == 0 || g.Keys is null ? -1 : g.Keys.Retired.FindIndex(r => r.Session.GroupInfo.MembershipVersion == version - 1);
    }
}
