using E2eeConformance.Engine.Groups;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// Concurrent membership changes by two manager devices (issue 11; decision: the server's order wins). When the server
/// orders a removal before an add that another device made at the same time, the removal's new seed is written under
/// the server's member list of that moment, which lacks the newcomers; everyone moves to a session without them while
/// the newcomers hold only the older one. The device that made the add notices it — the removal notice's member list
/// lacks devices it added, and it is not removing them — and once the removal's session is current here it seeds a new
/// session with them (the remaining members plus its newcomers), so every member converges again.
/// </summary>
internal static class GroupReAdd
{
    /// <summary>How many added devices a group remembers (<see cref="DeviceGroup.AddedHere"/>); the oldest go first.</summary>
    public const int MaxRemembered = 256;

    /// <summary>Records devices this device added (confirmed by the server).</summary>
    public static DeviceGroup Added(DeviceGroup g, IEnumerable<GroupMember> newcomers)
    {
        var added = g.AddedHere.AddRange(newcomers.Select(n => n.Key).Where(k => !g.AddedHere.Contains(k)));
        return g with { AddedHere = added.Count > MaxRemembered ? added.RemoveRange(0, added.Count - MaxRemembered) : added };
    }

    /// <summary>
    /// A removal notice (before its member list replaces ours): the devices this device added that it lacks, though
    /// their users are not the ones removed, are to be re-added once its session is current.
    /// </summary>
    public static DeviceGroup NoteRemoval(DeviceGroup g, Wire.RemoveGroupMembersMsg message)
    {
        HashSet<string> listed = [.. message.MemberInfoList.Where(m => m.MemberAddress?.User is not null).Select(m => GroupMember.AddressKey(m.MemberAddress))];
        HashSet<string> removedUsers = [.. message.RemovingMemberList.Select(m => $"{m.UserId}@{m.Domain}")];
        List<GroupMember> missing = [.. g.Members.Where(m => g.AddedHere.Contains(m.Key) && !listed.Contains(m.Key) && !removedUsers.Contains($"{m.Address.User?.UserId}@{m.Address.Domain}"))];
        return missing.Count == 0
            ? g
            : g with { ReAdd = [.. g.ReAdd.Concat(missing).DistinctBy(m => m.Key)], ReAddAfterRemovalOf = [.. removedUsers.Order(StringComparer.Ordinal)] };
    }

    /// <summary>Once the removal's session is current: a new seed with the devices it lacks.</summary>
    public static DeviceState Heal(DeviceState state, Wire.E2eeAddress group, StepContext ctx)
    {
        DeviceGroup g = state.GroupOf(group);
        if (g.ReAdd.IsEmpty || g.Keys is null || g.AwaitingJoin)
        {
            return state;
        }

        GroupSession current = g.Keys.Current;
        if (current.GroupInfo.GroupMemberList.Any(m => g.ReAddAfterRemovalOf.Contains($"{m.UserId}@{m.Domain}")))
        {
            return state; // the removal's seed has not arrived yet
        }

        List<GroupMember> missing = [.. g.ReAdd.Where(d => !current.Members.Any(m => m.Key == d.Key))];
        state = state.WithGroup(g with { ReAdd = [], ReAddAfterRemovalOf = [] });
        if (missing.Count == 0)
        {
            return state;
        }

        Wire.GroupInfo info = current.GroupInfo.Clone();
        foreach ((string domain, string userId) in missing.Select(m => (m.Address.Domain, m.Address.User.UserId)).Distinct())
        {
            if (!info.GroupMemberList.Any(m => m.Domain == domain && m.UserId == userId))
            {
                info.GroupMemberList.Add(new Wire.GroupMember { Domain = domain, UserId = userId, Role = Wire.GroupRole.Member });
            }
        }

        return GroupCommands.Reseed(state, group, info, [.. current.Members, .. missing], current.SessionId, "members re-added after a concurrent removal", ctx);
    }
}
