using E2eeConformance.Engine.Wire;

namespace E2eeConformance.InMemoryServer.State;

/// <summary>
/// A group as the server keeps it (seed 000 §Create group; GroupInfo.proto): its address, name and members with their
/// roles, plus the member devices that have been announced to the group (at creation, when their user was added, or by
/// add group member device). Members are indexed by user id, so a membership check costs the same in a group of ten
/// and of ten thousand (issue 12: linear group operations).
/// </summary>
internal sealed class GroupRecord
{
    private readonly List<GroupMember> _members = [];
    private readonly Dictionary<string, GroupMember> _byUser = new(StringComparer.Ordinal);

    public required E2eeAddress Address { get; init; }

    public required string Name { get; init; }

    /// <summary>Members in the order they joined.</summary>
    public IReadOnlyList<GroupMember> Members => _members;

    public HashSet<DeviceKey> AnnouncedDevices { get; } = [];

    /// <summary>
    /// How many membership changes (create, add members, remove members, add a device) the group has had: the order
    /// every member applies them in (issue 11). Stamped on every notice's group info and every answer.
    /// </summary>
    public ulong MembershipVersion { get; set; } = 1;

    public string GroupId => Address.Group.GroupId;

    public GroupMember? Member(string userId) => _byUser.GetValueOrDefault(userId);

    public bool IsManager(string userId) => Member(userId)?.Role == GroupRole.Manager;

    /// <summary>Appends <paramref name="members"/> (users not yet members; the caller checked); returns how to revert that.</summary>
    public Action AddMembers(IReadOnlyCollection<GroupMember> members)
    {
        foreach (GroupMember member in members)
        {
            _byUser.Add(member.UserId, member);
            _members.Add(member);
        }

        return () =>
        {
            foreach (GroupMember member in members)
            {
                _byUser.Remove(member.UserId);
            }

            _members.RemoveRange(_members.Count - members.Count, members.Count);
        };
    }

    /// <summary>
    /// Removes the users of <paramref name="members"/> and their announced devices; returns how to revert that (the
    /// member order included). Costs time linear in the members, like the removal itself.
    /// </summary>
    public Action RemoveMembers(IEnumerable<GroupMember> members)
    {
        var users = new HashSet<string>(members.Select(m => m.UserId), StringComparer.Ordinal);
        List<GroupMember> before = [.. _members];
        List<DeviceKey> announced = AnnouncedDevices.Where(k => users.Contains(k.UserId)).ToList();
        _members.RemoveAll(m => users.Contains(m.UserId));
        foreach (string user in users)
        {
            _byUser.Remove(user);
        }

        AnnouncedDevices.ExceptWith(announced);
        return () =>
        {
            _members.Clear();
            _members.AddRange(before);
            foreach (GroupMember member in before)
            {
                _byUser[member.UserId] = member;
            }

            AnnouncedDevices.UnionWith(announced);
        };
    }

    /// <summary>Adds the devices of <paramref name="keys"/> not yet announced; returns how to revert that.</summary>
    public Action Announce(IEnumerable<DeviceKey> keys)
    {
        List<DeviceKey> added = keys.Where(AnnouncedDevices.Add).ToList();
        return () => AnnouncedDevices.ExceptWith(added);
    }

    /// <summary>The member index, member order and version: for whole-state comparisons in tests.</summary>
    public string Describe() =>
        $"version {MembershipVersion}; members {string.Join(",", _members.Select(m => $"{m.UserId}:{m.Role}"))}; index {string.Join(",", _byUser.Keys.Order(StringComparer.Ordinal))}";

    public GroupInfo ToGroupInfo()
    {
        var info = new GroupInfo { GroupName = Name, GroupAddress = Address.Clone(), MembershipVersion = MembershipVersion };
        info.GroupMemberList.Add(_members.Select(m => m.Clone()));
        return info;
    }
}
