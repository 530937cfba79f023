using E2eeConformance.Engine.Wire;

namespace E2eeConformance.InMemoryServer.State;

/// <summary>
/// A group as the server keeps it (seed 000 §Create group; GroupInfo.proto): its address, name and members with their
/// roles, plus the member devices that have been announced to the group (at creation, when their user was added, or by
/// add group member device).
/// </summary>
internal sealed class GroupRecord
{
    public required E2eeAddress Address { get; init; }

    public required string Name { get; init; }

    /// <summary>Members in the order they joined.</summary>
    public required List<GroupMember> Members { get; init; }

    public HashSet<DeviceKey> AnnouncedDevices { get; } = [];

    /// <summary>
    /// How many membership changes (create, add members, remove members, add a device) the group has had: the order
    /// every member applies them in (issue 11). Stamped on every notice's group info and every answer.
    /// </summary>
    public ulong MembershipVersion { get; set; } = 1;

    public string GroupId => Address.Group.GroupId;

    public GroupMember? Member(string userId) => Members.Find(m => m.UserId == userId);

    public bool IsManager(string userId) => Member(userId)?.Role == GroupRole.Manager;

    public GroupInfo ToGroupInfo()
    {
        var info = new GroupInfo { GroupName = Name, GroupAddress = Address.Clone(), MembershipVersion = MembershipVersion };
        info.GroupMemberList.Add(Members.Select(m => m.Clone()));
        return info;
    }
}
