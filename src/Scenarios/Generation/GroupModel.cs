using System.Globalization;

namespace E2eeConformance.Scenarios.Generation;

/// <summary>
/// The generator's own bookkeeping while it writes steps: the users and how many devices each has now, which users are
/// members of the group now, and the manager (the creator's first device, the only one that changes membership).
/// </summary>
internal sealed class GroupModel
{
    private readonly Dictionary<string, int> _devices = new(StringComparer.Ordinal);
    private readonly HashSet<string> _members = new(StringComparer.Ordinal);
    private readonly HashSet<string> _synced = new(StringComparer.Ordinal);
    private readonly HashSet<string> _leaving = new(StringComparer.Ordinal);

    /// <summary>A model of <paramref name="users"/> (name, device count); the first user is the manager.</summary>
    public GroupModel(IReadOnlyList<(string Name, int Devices)> users)
    {
        Users = [.. users.Select(u => u.Name)];
        foreach ((string name, int devices) in users)
        {
            _devices[name] = devices;
        }
    }

    /// <summary>Every user, the manager first.</summary>
    public IReadOnlyList<string> Users { get; }

    /// <summary>The group's creator.</summary>
    public string Manager => Users[0];

    /// <summary>The one device that creates the group and changes its membership.</summary>
    public string ManagerDevice => Device(Manager, 1);

    /// <summary>The member users now, in the order of <see cref="Users"/>.</summary>
    public IReadOnlyList<string> Members => [.. Users.Where(_members.Contains)];

    /// <summary>
    /// The users who are not members now and may be added: not one whose <c>leave</c> the manager may not have
    /// processed yet (the server still counts it as a member until then).
    /// </summary>
    public IReadOnlyList<string> Outsiders => [.. Users.Where(u => !_members.Contains(u) && !_leaving.Contains(u))];

    /// <summary>
    /// Member devices that surely hold the group's keys: the manager's device, and member devices that were members
    /// when the network last healed with nothing held. Only they send (a device without keys refuses to send:
    /// <c>no_group_keys</c>).
    /// </summary>
    public IReadOnlyList<string> Senders => [.. MemberDevices.Where(d => d == ManagerDevice || _synced.Contains(d))];

    /// <summary>Whether some member device may still lack the group's keys.</summary>
    public bool HasUnsyncedMembers => Senders.Count < MemberDevices.Count;

    /// <summary>
    /// The network healed with nothing held (<c>run_until_quiet</c>): every member device holds the keys now, and the
    /// manager has processed every leave.
    /// </summary>
    public void Synced()
    {
        _synced.Clear();
        _synced.UnionWith(MemberDevices);
        _leaving.Clear();
    }

    /// <summary>Members other than the manager (who may be removed or leave).</summary>
    public IReadOnlyList<string> OtherMembers => [.. Members.Where(u => u != Manager)];

    /// <summary>A device name, <c>user/n</c>.</summary>
    public static string Device(string user, int n) => string.Create(CultureInfo.InvariantCulture, $"{user}/{n}");

    /// <summary>How many devices the user has now.</summary>
    public int DeviceCount(string user) => _devices[user];

    /// <summary>The user's devices now.</summary>
    public IReadOnlyList<string> DevicesOf(string user) => [.. Enumerable.Range(1, _devices[user]).Select(n => Device(user, n))];

    /// <summary>Every registered device now.</summary>
    public IReadOnlyList<string> AllDevices => [.. Users.SelectMany(DevicesOf)];

    /// <summary>Every device of every member user now: the devices that must all hold the same session at the end.</summary>
    public IReadOnlyList<string> MemberDevices => [.. Members.SelectMany(DevicesOf)];

    /// <summary>Makes the users members.</summary>
    public void Join(IEnumerable<string> users) => _members.UnionWith(users);

    /// <summary>Makes the user a non-member (removed by the manager, or leaving when <paramref name="leaving"/>).</summary>
    public void Part(string user, bool leaving = false)
    {
        _members.Remove(user);
        _synced.RemoveWhere(d => d.StartsWith(user + "/", StringComparison.Ordinal));
        if (leaving)
        {
            _leaving.Add(user);
        }
    }

    /// <summary>Registers one more device of the user; returns its name.</summary>
    public string AddDevice(string user)
    {
        _devices[user]++;
        return Device(user, _devices[user]);
    }
}
