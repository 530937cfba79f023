namespace E2eeConformance.RoomKeys.Server;

/// <summary>
/// A room (the seed's "session", a group chat) as the server keeps it: its owner, its members in the order they
/// joined, whether it is end-to-end encrypted, the room-key generation it is at, when that generation began, whether
/// it is marked for a replacement, and the joins and invitations still open. Public keys and wrapped keys only; never
/// a room key.
/// </summary>
public sealed class RoomSession(string id, string owner, bool e2eeOn, long nowMs)
{
    /// <summary>The room's id.</summary>
    public string Id { get; } = id;

    /// <summary>The user with the owner's permissions (the creator; RK-9 when the owner leaves).</summary>
    public string Owner { get; set; } = owner;

    /// <summary>The members, in the order they joined.</summary>
    public List<string> Members { get; } = [owner];

    /// <summary>Whether the room is end-to-end encrypted (NewSessionRequest's <c>e2ee_on</c>, then e2eeize/dee2eeize).</summary>
    public bool E2eeOn { get; set; } = e2eeOn;

    /// <summary>The current room-key generation (RK-7): 1 for a room created encrypted, 0 for one created in the clear, +1 at each replacement.</summary>
    public uint Generation { get; set; } = e2eeOn ? 1u : 0u;

    /// <summary>When the current generation began (the seed's "since the last replacement").</summary>
    public long ReplacedAtMs { get; set; } = nowMs;

    /// <summary>Marked for a replacement: the next member to speak replaces the room key.</summary>
    public bool Marked { get; set; }

    /// <summary>The member who made the current generation's key (the creator, then each replacing speaker): it holds that key for sure.</summary>
    public string KeyMaker { get; set; } = owner;

    /// <summary>The newest generation whose key the server relayed to anyone (its maker handed it on).</summary>
    public uint Distributed { get; set; }

    /// <summary>Which generations each member has (RK-22).</summary>
    public MemberKeys Keys { get; } = NewKeys(owner, e2eeOn);

    /// <summary>Users who asked to join (join_session) and are not admitted yet.</summary>
    public HashSet<string> JoinRequests { get; } = new(StringComparer.Ordinal);

    /// <summary>Invited users and who invited each (the inviter hands the room key on acceptance).</summary>
    public Dictionary<string, string> Invitations { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="user"/> is a member.</summary>
    public bool Has(string user) => Members.Contains(user, StringComparer.Ordinal);

    private static MemberKeys NewKeys(string owner, bool e2eeOn)
    {
        var keys = new MemberKeys();
        if (e2eeOn)
        {
            keys.Note(owner, 1, 1);
        }

        return keys;
    }
}
