using System.Collections.Immutable;
using E2eeConformance.Engine.Groups;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// The order of a group's membership changes (issue 11; decision: the server's order wins, docs/CONVERGENCE.md). The
/// server counts every change it accepts — create, add members, remove members, add a device — and stamps the count,
/// the membership version, on every notice's group info and on the answer to the manager who asked
/// (<c>GroupInfo.membership_version</c>, a harness extension: 0 means a server without it). A group session carries
/// the version it reflects (its group info's), and each change applies in that order:
/// <list type="bullet">
/// <item>an add notice applies to the session of the version just before it; one from further ahead waits for the
/// changes in between; one at or below the session's version is already in it (a later seed was written under the
/// server's member list, which has its newcomers);</item>
/// <item>a seed (create, removal) is written under the server's full member list of its version, so it applies over
/// any older session; one older than the session held is kept only as retired, for its messages in flight;</item>
/// <item>the manager's own add whose answer skips a version waits, like anyone's notice, for the changes in between
/// (a concurrent removal by another manager device), and is then made on the session they produced.</item>
/// </list>
/// When either side's version is 0 (unknown), the order falls back to member lists (<see cref="GroupHolding.WaitsFor"/>).
/// </summary>
internal static class MembershipOrder
{
    /// <summary>The version the group's current session reflects (0: no keys, or unknown).</summary>
    public static ulong Current(DeviceGroup g) => g.Keys is null || g.AwaitingJoin ? 0 : g.Keys.Current.GroupInfo.MembershipVersion;

    /// <summary>The version a membership notice's group info carries (0: unknown).</summary>
    public static ulong Of(Wire.ProtoMsg notice) => notice.PayloadCase switch
    {
        Wire.ProtoMsg.PayloadOneofCase.AddGroupMembersMsg => notice.AddGroupMembersMsg.GroupInfo?.MembershipVersion ?? 0,
        Wire.ProtoMsg.PayloadOneofCase.AddGroupMemberDeviceMsg => notice.AddGroupMemberDeviceMsg.GroupInfo?.MembershipVersion ?? 0,
        _ => 0,
    };

    /// <summary>Whether both versions are known, so that they order the change.</summary>
    public static bool Known(DeviceGroup g, ulong version) => version > 0 && Current(g) > 0;

    /// <summary>A change the current session already reflects (its version is at or below the session's).</summary>
    public static bool IsReflected(DeviceGroup g, ulong version) => Known(g, version) && version <= Current(g);

    /// <summary>A change with others before it that have not been applied here yet.</summary>
    public static bool IsAhead(DeviceGroup g, ulong version) => Known(g, version) && version > Current(g) + 1;

    /// <summary>
    /// This device's own add (by another device of its user) that it already is in: the seed of the version before
    /// listed it (the server's device list had it), so the add derives nothing and the session takes its version
    /// (<see cref="DeviceGroup.SelfVersion"/>), as every other member's does.
    /// </summary>
    public static DeviceGroup SettleOwnAdd(DeviceGroup g, Wire.E2eeAddress self)
    {
        ulong current = Current(g);
        if (current == 0 || g.SelfVersion != current + 1 || !g.Keys!.Current.Has(GroupMember.AddressKey(self)))
        {
            return g;
        }

        Wire.GroupInfo info = g.Keys.Current.GroupInfo.Clone();
        info.MembershipVersion = g.SelfVersion;
        return TakeVersion(g, info);
    }

    /// <summary>
    /// An add of devices already in the session: nothing is derived, the current session only takes the add's group
    /// info (its version). Every member does the same, since every member holds the same seed session.
    /// </summary>
    public static DeviceGroup TakeVersion(DeviceGroup g, Wire.GroupInfo info)
    {
        ImmutableList<ulong> versionOnly = info.MembershipVersion == 0 || g.VersionOnlyChanges.Contains(info.MembershipVersion)
            ? g.VersionOnlyChanges
            : g.VersionOnlyChanges.Add(info.MembershipVersion);
        return g with
        {
            Keys = g.Keys! with { Current = g.Keys.Current with { GroupInfo = info.Clone() } },
            VersionOnlyChanges = versionOnly.Count > DeviceGroup.MaxVersionOnlyChanges ? versionOnly.RemoveRange(0, versionOnly.Count - DeviceGroup.MaxVersionOnlyChanges) : versionOnly,
        };
    }

    /// <summary>A session (from a seed or a join) older than the one held: kept retired, never made current.</summary>
    public static bool IsOlderThanCurrent(DeviceGroup g, GroupSession session) =>
        Known(g, session.GroupInfo.MembershipVersion) && session.GroupInfo.MembershipVersion < Current(g);
}
