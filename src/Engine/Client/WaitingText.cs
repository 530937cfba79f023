using System.Collections.Immutable;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// A group text the application sent while this device could not encrypt it yet (keys on their way, its own add being
/// answered or held): the bytes and the audience it was written for (issue 11: a waiting text keeps the membership it
/// was written under, so nobody who joined later reads it).
/// </summary>
/// <param name="Text">The application bytes.</param>
/// <param name="WrittenFor">
/// Who may read it (<see cref="AudienceOf"/>): member devices as formatted addresses, and <c>user:</c> entries for users
/// this device's own pending adds bring in (any device of theirs). Null when this device held no session yet (a
/// newcomer waiting for its seed): the first session it holds binds it (<see cref="GroupCommands.SendWaitingTexts"/>).
/// </param>
/// <param name="Version">
/// The membership version it was written under: the newest this device knew, its own held changes included (0: none
/// known). A session of this version or older that this device holds while the text waits was the membership then,
/// so its devices join <see cref="WrittenFor"/> (<see cref="Learn"/>): a change made before the text was written but
/// not yet seen here (another device's add the network delayed) does not make its devices newcomers.
/// </param>
public sealed record WaitingText(ImmutableArray<byte> Text, ImmutableSortedSet<string>? WrittenFor, ulong Version = 0)
{
    private const string UserPrefix = "user:";

    /// <summary>
    /// The audience of a text written now: the devices of the session this device holds, the devices its own held add
    /// notices bring in, the devices its pending device adds bring in and the users its pending member adds bring in.
    /// A device that joins otherwise — another manager's add, an add this device makes later — is not in it.
    /// </summary>
    public static ImmutableSortedSet<string> AudienceOf(DeviceState state, DeviceGroup group)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(group);
        var audience = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        HashSet<string> members = new(StringComparer.Ordinal);
        if (group.Keys is { } keys)
        {
            audience.UnionWith(keys.Current.Members.Select(m => Addresses.Format(m.Address)));
            members.UnionWith(keys.Current.GroupInfo.GroupMemberList.Select(m => UserKey(m.Domain, m.UserId)));
        }

        foreach (Wire.ProtoMsg notice in group.PendingNotices.Where(n => Addresses.SameDevice(GroupHolding.SenderOf(n), state.Address)))
        {
            IEnumerable<Wire.GroupMemberInfo> added = notice.AddGroupMembersMsg?.AddingMemberInfoList
                ?? (notice.AddGroupMemberDeviceMsg?.AddingMemberDevice is { } device ? [device] : []);
            audience.UnionWith(added.Select(i => Addresses.Format(i.MemberAddress)));
        }

        foreach (GroupRequest request in state.Pending.OfType<GroupRequest>().Where(r => r.Group is not null && Groups.GroupMember.AddressKey(r.Group) == group.Key))
        {
            if (request.Kind == GroupRequestKind.AddMemberDevice && request.Device is { } device)
            {
                audience.Add(Addresses.Format(device));
            }
            else if (request.Kind == GroupRequestKind.AddMembers)
            {
                audience.UnionWith(request.Info.GroupMemberList.Select(m => UserKey(m.Domain, m.UserId)).Where(u => !members.Contains(u)));
            }
        }

        audience.UnionWith(group.AwaitedChains);
        return audience.ToImmutable();
    }

    /// <summary>The membership version a text written now is written under (see <see cref="Version"/>).</summary>
    public static ulong VersionOf(DeviceState state, DeviceGroup group)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(group);
        return group.PendingNotices.Where(n => Addresses.SameDevice(GroupHolding.SenderOf(n), state.Address))
            .Select(MembershipOrder.Of)
            .Append(MembershipOrder.Current(group))
            .Max();
    }

    /// <summary>
    /// The waiting texts of <paramref name="group"/>, each told the devices of the session it holds now if that session
    /// is of the text's membership version or older (see <see cref="Version"/>); the same group when nothing changes.
    /// </summary>
    public static DeviceGroup Learn(DeviceGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        ulong current = MembershipOrder.Current(group);
        return current == 0 ? group : Extend(group, current, group.Keys!.Current.Members.Select(m => Addresses.Format(m.Address)));
    }

    /// <summary>
    /// The waiting texts of <paramref name="group"/>, each told the devices an add notice of membership version
    /// <paramref name="version"/> brings in if the text was written under that version or a newer one (the add came
    /// first on the server, whenever its notice arrives here); the same group when nothing changes.
    /// </summary>
    public static DeviceGroup LearnFrom(DeviceGroup group, ulong version, IEnumerable<Groups.GroupMember> newcomers)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(newcomers);
        return version == 0 ? group : Extend(group, version, newcomers.Select(m => Addresses.Format(m.Address)));
    }

    /// <summary><paramref name="devices"/> join the audience of every bound text written under <paramref name="version"/> or later.</summary>
    private static DeviceGroup Extend(DeviceGroup group, ulong version, IEnumerable<string> devices)
    {
        if (!group.WaitingTexts.Any(t => t.WrittenFor is not null && t.Version >= version))
        {
            return group;
        }

        string[] joining = [.. devices];
        ImmutableList<WaitingText> texts = [.. group.WaitingTexts.Select(t => t.WrittenFor is { } audience && t.Version >= version && !joining.All(audience.Contains)
            ? t with { WrittenFor = audience.Union(joining) }
            : t)];
        return group with { WaitingTexts = texts };
    }

    /// <summary>The devices of <paramref name="session"/> this text was not written for (empty: it may be sent there).</summary>
    public IReadOnlyList<string> NewcomersIn(Groups.GroupSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return WrittenFor is not { } audience
            ? []
            : [.. session.Members.Select(m => m.Address)
                .Where(a => !audience.Contains(Addresses.Format(a)) && !audience.Contains(UserKey(a.Domain, a.User?.UserId ?? "")))
                .Select(Addresses.Format)];
    }

    private static string UserKey(string domain, string userId) => $"{UserPrefix}{userId}@{domain}";
}
