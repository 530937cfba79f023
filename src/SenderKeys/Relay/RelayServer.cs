using System.Collections.Immutable;

namespace E2eeConformance.SenderKeys.Relay;

/// <summary>
/// The family's relay server (seed 004: "TsgcWSPServer_E2EE … forwards encrypted messages between clients without
/// knowing message contents"; "the server may distribute public keys"), in memory and pure: a request gives a new
/// state and the deliveries it causes. It holds public keys and group memberships, never a secret.
/// </summary>
/// <remarks>
/// Decisions (docs/protocols/sender-keys.md): SK-12 any member may add or remove members (seed 004 names no roles);
/// SK-13 a membership change is numbered (the group's version) and announced to every member device — the removed
/// ones included, so they learn they are out — with every member device's public key; SK-14 a user's new device is a
/// join: every group of the user announces it; SK-15 the relay checks that a message's sender is the device that
/// sends it (its connection), and forwards a group message only from a member, to the other member devices.
/// </remarks>
public sealed record RelayServer(
    ImmutableSortedDictionary<string, DeviceKey> Devices,
    ImmutableSortedDictionary<string, RelayGroup> Groups)
{
    /// <summary>A relay with nobody registered.</summary>
    public static RelayServer Empty { get; } = new(ImmutableSortedDictionary<string, DeviceKey>.Empty.WithComparers(StringComparer.Ordinal), ImmutableSortedDictionary<string, RelayGroup>.Empty.WithComparers(StringComparer.Ordinal));

    /// <summary>The user of a device name <c>user/device</c>.</summary>
    public static string UserOf(string device) => device.Split('/')[0];

    /// <summary>The devices of <paramref name="user"/>, by name.</summary>
    public IEnumerable<DeviceKey> DevicesOf(string user) => Devices.Values.Where(d => UserOf(d.Device) == user);

    /// <summary>Handles one request at <paramref name="nowMs"/>.</summary>
    public (RelayServer Server, IReadOnlyList<RelayDelivery> Deliveries) Handle(RelayRequest request, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request is not RegisterRequest && !Devices.ContainsKey(request.From))
        {
            return (this, []); // nobody to answer: an unregistered connection
        }

        return request switch
        {
            RegisterRequest r => Register(r, nowMs),
            DiscoverRequest d => (this, [new DiscoveryAnswer(d.From, nowMs, d.User, [.. DevicesOf(d.User), .. OwnOtherDevices(d)])]),
            PairwiseRequest p => p.Message.Sender != p.From ? Refuse(p, nowMs, "forged_sender")
                : !Devices.ContainsKey(p.Message.Recipient) ? Refuse(p, nowMs, "unknown_device")
                : (this, [new PairwiseDelivery(p.Message.Recipient, nowMs, p.Message, Devices[p.From])]),
            GroupSendRequest g => GroupSend(g, nowMs),
            CreateGroupRequest c => Groups.ContainsKey(c.Group) ? Refuse(c, nowMs, "group_exists")
                : Change(c.Group, RelayGroup.Empty, [UserOf(c.From), .. c.Members], [], nowMs),
            AddMembersRequest a => Member(a, a.Group, nowMs) is { } g ? Change(a.Group, g, [.. g.Users, .. a.Users], [], nowMs) : Refuse(a, nowMs, "not_a_member"),
            RemoveMembersRequest r => Member(r, r.Group, nowMs) is { } g ? Change(r.Group, g, [.. g.Users.Except(r.Users)], r.Users, nowMs) : Refuse(r, nowMs, "not_a_member"),
            LeaveRequest l => Member(l, l.Group, nowMs) is { } g ? Change(l.Group, g, [.. g.Users.Where(u => u != UserOf(l.From))], [UserOf(l.From)], nowMs) : Refuse(l, nowMs, "not_a_member"),
            _ => Refuse(request, nowMs, "unknown_request"),
        };
    }

    /// <summary>SK-20: a discovery answer also carries the asker's own other devices, so a text reaches them too.</summary>
    private IEnumerable<DeviceKey> OwnOtherDevices(DiscoverRequest d) =>
        UserOf(d.From) == d.User ? [] : DevicesOf(UserOf(d.From)).Where(k => k.Device != d.From);

    private RelayGroup? Member(RelayRequest request, string group, long nowMs) =>
        Groups.TryGetValue(group, out RelayGroup? g) && g.Users.Contains(UserOf(request.From)) ? g : null;

    private (RelayServer, IReadOnlyList<RelayDelivery>) Register(RegisterRequest r, long nowMs)
    {
        bool isNew = !Devices.ContainsKey(r.From);
        RelayServer next = this with { Devices = Devices.SetItem(r.From, new DeviceKey(r.From, r.PublicKey, r.KeyId)) };
        if (!isNew)
        {
            return (next, []);
        }

        // SK-14: a user's new device joins every group of the user.
        var deliveries = new List<RelayDelivery>();
        foreach ((string name, RelayGroup group) in Groups.Where(g => g.Value.Users.Contains(UserOf(r.From))))
        {
            (next, IReadOnlyList<RelayDelivery> announced) = next.Change(name, group, [.. group.Users], [], nowMs);
            deliveries.AddRange(announced);
        }

        return (next, deliveries);
    }

    private (RelayServer, IReadOnlyList<RelayDelivery>) GroupSend(GroupSendRequest g, long nowMs)
    {
        if (g.Message.Sender != g.From)
        {
            return Refuse(g, nowMs, "forged_sender");
        }

        if (!Groups.TryGetValue(g.Message.Group, out RelayGroup? group) || !group.Users.Contains(UserOf(g.From)))
        {
            return Refuse(g, nowMs, "not_a_member");
        }

        return (this, [.. group.Users.SelectMany(DevicesOf).Where(d => d.Device != g.From).Select(d => new GroupDelivery(d.Device, nowMs, g.Message))]);
    }

    private (RelayServer, IReadOnlyList<RelayDelivery>) Change(string name, RelayGroup group, IEnumerable<string> users, IEnumerable<string> departed, long nowMs)
    {
        ImmutableSortedSet<string> members = ImmutableSortedSet.CreateRange(StringComparer.Ordinal, users.Where(u => DevicesOf(u).Any()));
        var changed = new RelayGroup(members, group.Version + 1);
        DeviceKey[] memberDevices = [.. members.SelectMany(DevicesOf)];
        IEnumerable<string> told = memberDevices.Select(d => d.Device).Concat(departed.Where(u => !members.Contains(u)).SelectMany(u => DevicesOf(u).Select(d => d.Device)));
        return (this with { Groups = Groups.SetItem(name, changed) }, [.. told.Distinct().Select(d => new MembershipNotice(d, nowMs, name, changed.Version, memberDevices))]);
    }

    private (RelayServer, IReadOnlyList<RelayDelivery>) Refuse(RelayRequest request, long nowMs, string code) =>
        (this, [new RequestRefused(request.From, nowMs, request.GetType().Name.Replace("Request", "", StringComparison.Ordinal), code)]);
}

/// <summary>A group at the relay: its member users and the number of changes so far.</summary>
public sealed record RelayGroup(ImmutableSortedSet<string> Users, ulong Version)
{
    /// <summary>Before its creation.</summary>
    public static RelayGroup Empty { get; } = new(ImmutableSortedSet<string>.Empty.WithComparer(StringComparer.Ordinal), 0);
}
