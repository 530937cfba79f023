namespace E2eeConformance.Scenarios.Fuzzing;

/// <summary>
/// The generator's view of one group (as <see cref="Generation.GroupModel"/> for the convergence generator): its
/// manager device (the creator's, the only one that changes membership: concurrent managers are out of scope), the
/// member users now, the member devices that surely hold the keys (members when the network last ran quiet with
/// nothing held: only they send, a device without keys refuses with <c>no_group_keys</c>), and users whose
/// <c>leave</c> the manager may not have read yet.
/// </summary>
internal sealed class FuzzGroup(string name, string managerDevice)
{
    private readonly HashSet<string> _members = new(StringComparer.Ordinal);
    private readonly HashSet<string> _synced = new(StringComparer.Ordinal);
    private readonly HashSet<string> _leaving = new(StringComparer.Ordinal);

    /// <summary>The group's name in the scenario.</summary>
    public string Name { get; } = name;

    /// <summary>The send target, <c>group:NAME</c>.</summary>
    public string Target => "group:" + Name;

    /// <summary>The device that created the group and changes its membership.</summary>
    public string ManagerDevice { get; } = managerDevice;

    /// <summary>The manager's user.</summary>
    public string Manager => FuzzWorld.UserOf(ManagerDevice);

    /// <summary>Whether the user is a member now.</summary>
    public bool IsMember(string user) => _members.Contains(user);

    /// <summary>Whether the user asked to leave and the manager may not have read it yet (the server still counts it in).</summary>
    public bool IsLeaving(string user) => _leaving.Contains(user);

    /// <summary>The member users now, in the world's user order.</summary>
    public IReadOnlyList<string> Members(FuzzWorld world) => [.. world.Users.Where(_members.Contains)];

    /// <summary>Every device of every member now.</summary>
    public IReadOnlyList<string> MemberDevices(FuzzWorld world) => [.. Members(world).SelectMany(world.DevicesOf)];

    /// <summary>Member devices that surely hold the keys: the manager's, and those synced at the last quiet point.</summary>
    public IReadOnlyList<string> Senders(FuzzWorld world) => [.. MemberDevices(world).Where(d => d == ManagerDevice || _synced.Contains(d))];

    /// <summary>Whether every member device surely holds the keys.</summary>
    public bool Synced(FuzzWorld world) => Senders(world).Count == MemberDevices(world).Count;

    /// <summary>Makes the users members.</summary>
    public void Join(IEnumerable<string> users) => _members.UnionWith(users);

    /// <summary>Makes the user a non-member (removed, or leaving when <paramref name="leaving"/>).</summary>
    public void Part(string user, bool leaving)
    {
        _members.Remove(user);
        _synced.RemoveWhere(d => FuzzWorld.UserOf(d) == user);
        if (leaving)
        {
            _leaving.Add(user);
        }
    }

    /// <summary>The network ran quiet with nothing held: every member device holds the keys, every leave was read.</summary>
    public void Quiet(FuzzWorld world)
    {
        _synced.Clear();
        _synced.UnionWith(MemberDevices(world));
        _leaving.Clear();
    }
}
