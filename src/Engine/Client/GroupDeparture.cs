using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// A device that leaves a group or is removed from it (seed 000 §Leave group, §Remove group members). Decision (issue
/// 11, convergence): it does not drop the group at once. Messages written to it while it was a member may still be in
/// flight — and so may the keys to read them (a newcomer that leaves before its seed arrived) — so it keeps what it has
/// for <see cref="ProtocolLimits.RetiredGroupSessionGrace"/>, reads those messages (applying the adds they were written
/// after, without welcoming anyone), and then drops everything. It cannot read on: the server delivers nothing written after the departure to it (it sends a group message only to
/// the current members), and the remaining members move to a new seed it never receives. It sends nothing.
/// </summary>
internal static class GroupDeparture
{
    /// <summary>
    /// The device left or was removed: the group is kept for reading only — even with no keys yet, since its seed and
    /// the messages written before the departure may still be on their way.
    /// </summary>
    public static DeviceState Depart(DeviceState state, Wire.E2eeAddress group, long nowMs)
    {
        DeviceGroup g = state.GroupOf(group);
        if (!state.Groups.ContainsKey(g.Key))
        {
            return state;
        }

        return state.WithGroup(g with
        {
            LeftAtMs = g.LeftAtMs ?? nowMs,
            WaitingTexts = [],
            ReAdd = [],
            ReAddAfterRemovalOf = [],
        });
    }

    /// <summary>Drops the groups this device departed from longer than the grace ago (their keys with them).</summary>
    public static DeviceState Prune(DeviceState state, long nowMs)
    {
        long cutoff = nowMs - (long)ProtocolLimits.RetiredGroupSessionGrace.TotalMilliseconds;
        List<string>? stale = null; // every step prunes: nothing is allocated when nothing is stale (issue 17 §3)
        foreach (KeyValuePair<string, DeviceGroup> kv in state.Groups)
        {
            if (kv.Value.LeftAtMs is { } left && left < cutoff)
            {
                (stale ??= []).Add(kv.Key);
            }
        }

        return stale is null ? state : state with { Groups = state.Groups.RemoveRange(stale) };
    }

    /// <summary>
    /// An add notice naming this device (<paramref name="version"/>: its membership version). Whether the device is a
    /// member follows the newest notice about itself (<see cref="DeviceGroup.SelfVersion"/>): an add older than the
    /// removal it already saw changes nothing (null); an add after its departure makes it a member again, awaiting the
    /// inviter's bundle unless that already came (the keys held are of this version). Keys held from before are kept,
    /// retired by the join, for messages still in flight.
    /// </summary>
    public static DeviceGroup? Added(DeviceGroup g, ulong version)
    {
        if (version > 0 && version <= g.SelfVersion)
        {
            return null;
        }

        bool joined = g.Keys is not null && version > 0 && g.Keys.Current.GroupInfo.MembershipVersion >= version;
        return g with
        {
            SelfVersion = Math.Max(g.SelfVersion, version),
            LeftAtMs = null,
            AwaitingJoin = g.IsMember ? g.Keys is null || g.AwaitingJoin : !joined,
        };
    }

    /// <summary>
    /// A removal notice naming this device: it departs (<see cref="Depart"/>) unless the notice is older than an add of
    /// this device it already saw (removed, then added back).
    /// </summary>
    public static DeviceState Removed(DeviceState state, Wire.E2eeAddress group, ulong version, long nowMs)
    {
        DeviceGroup g = state.GroupOf(group);
        if (version > 0 && version <= g.SelfVersion)
        {
            return state;
        }

        state = state.WithGroup(g with { SelfVersion = Math.Max(g.SelfVersion, version) });
        return Depart(state, group, nowMs);
    }
}
