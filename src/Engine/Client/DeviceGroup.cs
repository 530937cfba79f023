using System.Collections.Immutable;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// What a device knows of one group: its keys (once the seed or the update bundles arrived), the member devices with
/// their sign keys (from the server's group messages), and key bundles that arrived before the server's message they
/// belong to (the two travel on different channels and may come in either order).
/// </summary>
public sealed record DeviceGroup(
    Wire.E2eeAddress GroupAddress,
    GroupState? Keys,
    ImmutableList<GroupMember> Members,
    ImmutableList<Wire.GroupPreKeyBundle> PendingSeeds,
    ImmutableList<Wire.GroupUpdateKeyBundle> PendingUpdates,
    bool AwaitingJoin)
{
    /// <summary>
    /// How many group messages are held while their keys have not arrived (the seed travels over a one-to-one session
    /// that may still wait for its accept; a newcomer's chains arrive one bundle at a time).
    /// </summary>
    public const int MaxPendingMessages = 256;

    /// <summary>Group messages that arrived before the keys to read them; retried whenever keys arrive.</summary>
    public ImmutableList<Wire.E2eeMsg> PendingMessages { get; init; } = [];

    /// <summary>
    /// Held group messages whose signature verified but which do not decrypt with the chains held here: the sender wrote
    /// them under a chain an add or a seed still on its way will give us. They count against
    /// <see cref="MaxPendingMessages"/> together with <see cref="PendingMessages"/>, and are never evicted in favour of
    /// a message that has not authenticated.
    /// </summary>
    public ImmutableList<Wire.E2eeMsg> HeldAuthentic { get; init; } = [];

    /// <summary>
    /// Membership notices (AddGroupMembersMsg, AddGroupMemberDeviceMsg) that arrived before the session they change:
    /// applied, in order, once the keys and member list they were written under are here.
    /// </summary>
    public ImmutableList<Wire.ProtoMsg> PendingNotices { get; init; } = [];

    /// <summary>
    /// Member devices a removal took out of <see cref="Members"/>, newest last, with their sign keys: a seed of a session
    /// they still belonged to may arrive after the removal (an offline device catching up), and is built with them.
    /// </summary>
    public ImmutableList<GroupMember> FormerMembers { get; init; } = [];

    /// <summary>How many former member devices are remembered (<see cref="FormerMembers"/>); the oldest go first.</summary>
    public const int MaxFormerMembers = 256;

    /// <summary>This group with the server's new member list; the devices it no longer names become former members.</summary>
    public DeviceGroup WithMembers(ImmutableList<GroupMember> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        HashSet<string> staying = [.. members.Select(m => m.Key)];
        ImmutableList<GroupMember> former = FormerMembers.RemoveAll(m => staying.Contains(m.Key))
            .AddRange(Members.Where(m => !staying.Contains(m.Key) && !FormerMembers.Any(f => f.Key == m.Key)));
        return this with
        {
            Members = members,
            FormerMembers = former.Count > MaxFormerMembers ? former.RemoveRange(0, former.Count - MaxFormerMembers) : former,
        };
    }

    /// <summary>
    /// Texts the application sent to the group before this device held its keys (a new member whose seed is still on its
    /// way, or its own add still being answered): sent, in order, as soon as it can encrypt them — each only into a
    /// session of the devices it was written for (<see cref="WaitingText"/>).
    /// </summary>
    public ImmutableList<WaitingText> WaitingTexts { get; init; } = [];

    /// <summary>How many texts wait for the group's keys (<see cref="WaitingTexts"/>).</summary>
    public const int MaxWaitingTexts = 64;

    /// <summary>
    /// Member devices this device added (the server confirmed each), newest last: if a removal another manager device
    /// made concurrently is ordered before the add by the server, its new seed lacks them, and this device re-adds them.
    /// </summary>
    public ImmutableList<string> AddedHere { get; init; } = [];

    /// <summary>
    /// Devices this device added that a concurrent removal's member list lacks (<see cref="AddedHere"/>): once the
    /// removal's session is current, this device seeds a new session with them (<see cref="GroupReAdd"/>).
    /// </summary>
    public ImmutableList<GroupMember> ReAdd { get; init; } = [];

    /// <summary>The users (<c>user@domain</c>) that removal removed: its session is current once none of them is in it.</summary>
    public ImmutableList<string> ReAddAfterRemovalOf { get; init; } = [];

    /// <summary>
    /// Session ids a newer seed replaced here (newest last, at most <see cref="MaxSuperseded"/>): a seed of one of them
    /// that arrives late is kept as retired, never made current again.
    /// </summary>
    public ImmutableList<string> Superseded { get; init; } = [];

    /// <summary>How many replaced session ids are remembered (<see cref="Superseded"/>).</summary>
    public const int MaxSuperseded = 16;

    /// <summary>This group remembering that <paramref name="oldSessionId"/> was replaced (nothing for an empty id).</summary>
    public DeviceGroup WithSuperseded(string oldSessionId)
    {
        if (string.IsNullOrEmpty(oldSessionId) || Superseded.Contains(oldSessionId))
        {
            return this;
        }

        ImmutableList<string> superseded = Superseded.Add(oldSessionId);
        return this with { Superseded = superseded.Count > MaxSuperseded ? superseded.RemoveRange(0, superseded.Count - MaxSuperseded) : superseded };
    }

    /// <summary>
    /// When this device left the group or was removed from it (null while a member). A former member keeps the group
    /// only to read what was written to it before — messages in flight, and the keys still on their way for them —
    /// for <see cref="Protocol.ProtocolLimits.RetiredGroupSessionGrace"/>; it sends nothing, changes nothing, holds no
    /// membership notice, and the group is dropped when the grace ends (<see cref="GroupDeparture"/>).
    /// </summary>
    public long? LeftAtMs { get; init; }

    /// <summary>
    /// The membership version of the newest add or removal notice that named this device (0: none, or unknown): an older
    /// one does not change whether it is a member (<see cref="GroupDeparture.Added"/>).
    /// </summary>
    public ulong SelfVersion { get; init; }

    /// <summary>
    /// The member devices (keys) whose chains this device still waits for after joining by invitation: the inviter's
    /// bundle lists the session's devices (<c>member_devices</c>), each member sends its chain. A later membership change
    /// waits until they are all here (<see cref="GroupHolding.WaitsFor"/>): whether it adds a device already in the
    /// session, and how far a chain must be carried, depends on having them. Cleared by a seed (a new session).
    /// </summary>
    public ImmutableList<string> AwaitedChains { get; init; } = [];

    /// <summary>How many member chains a newcomer waits for at most (<see cref="AwaitedChains"/>; the inviter's list beyond it is ignored).</summary>
    public const int MaxAwaitedChains = 256;

    /// <summary>Whether this device is a member (not <see cref="LeftAtMs">departed</see>).</summary>
    public bool IsMember => LeftAtMs is null;

    /// <summary>
    /// Add notices the current session already reflected when they arrived (a later seed had their newcomers), kept so
    /// that an older session arriving late — a seed kept as retired — can be carried up through them for its messages in
    /// flight (<see cref="GroupMessages.CarryRetired"/>). At most <see cref="MaxReflectedNotices"/>, oldest dropped.
    /// </summary>
    public ImmutableList<Wire.ProtoMsg> ReflectedNotices { get; init; } = [];

    /// <summary>How many reflected add notices are kept (<see cref="ReflectedNotices"/>).</summary>
    public const int MaxReflectedNotices = 16;

    /// <summary>Keeps <paramref name="notice"/> among the reflected ones (bounded; a copy already kept takes no slot).</summary>
    public DeviceGroup WithReflected(Wire.ProtoMsg notice)
    {
        if (ReflectedNotices.Contains(notice))
        {
            return this;
        }

        ImmutableList<Wire.ProtoMsg> kept = ReflectedNotices.Add(notice);
        return this with { ReflectedNotices = kept.Count > MaxReflectedNotices ? kept.RemoveRange(0, kept.Count - MaxReflectedNotices) : kept };
    }

    /// <summary>
    /// The membership versions this device's session took without deriving anything (an add of devices already in the
    /// session: <see cref="MembershipOrder.TakeVersion"/>), newest last. An add the server ordered after such versions
    /// only is made at its inviter's own sequence — the inviter's chain did not move to a new level in between
    /// (<see cref="GroupMessages"/>' inviter position). At most <see cref="MaxVersionOnlyChanges"/>, oldest dropped.
    /// </summary>
    public ImmutableList<ulong> VersionOnlyChanges { get; init; } = [];

    /// <summary>How many versions-only changes are remembered (<see cref="VersionOnlyChanges"/>).</summary>
    public const int MaxVersionOnlyChanges = 16;

    /// <summary>How many membership notices are held (<see cref="PendingNotices"/>).</summary>
    public const int MaxPendingNotices = 64;

    /// <summary>How many seeds wait for the member list they were written under (<see cref="PendingSeeds"/>).</summary>
    public const int MaxPendingSeeds = 16;

    /// <summary>How many member chains wait for the session they belong to (<see cref="PendingUpdates"/>).</summary>
    public const int MaxPendingUpdates = 256;

    /// <summary>
    /// The group with <paramref name="seed"/> waiting: a copy of one already waiting takes no slot; at
    /// <see cref="MaxPendingSeeds"/> the oldest is dropped (a newer seed replaces it anyway).
    /// </summary>
    public DeviceGroup WithPendingSeed(Wire.GroupPreKeyBundle seed) =>
        PendingSeeds.Contains(seed) ? this : this with { PendingSeeds = Bounded(PendingSeeds.Add(seed), MaxPendingSeeds) };

    /// <summary>
    /// The group with <paramref name="update"/> waiting: a copy of one already waiting takes no slot; at
    /// <see cref="MaxPendingUpdates"/> the oldest is dropped.
    /// </summary>
    public DeviceGroup WithPendingUpdate(Wire.GroupUpdateKeyBundle update) =>
        PendingUpdates.Contains(update) ? this : this with { PendingUpdates = Bounded(PendingUpdates.Add(update), MaxPendingUpdates) };

    private static ImmutableList<T> Bounded<T>(ImmutableList<T> list, int max) => list.Count > max ? list.RemoveRange(0, list.Count - max) : list;

    /// <summary>A group the device knows nothing of yet: no keys, no members, nothing pending.</summary>
    public static DeviceGroup Empty(Wire.E2eeAddress group) => new(group.Clone(), null, [], [], [], false);

    /// <summary>The group's address as a dictionary key (<see cref="GroupMember.AddressKey"/>).</summary>
    public string Key => GroupMember.AddressKey(GroupAddress);

    /// <inheritdoc/>
    public override string ToString() => $"DeviceGroup({Addresses.Format(GroupAddress)}, {(Keys is null ? "no keys" : Keys.Current.SessionId)}, {Members.Count} members)";
}
