using System.Collections.Immutable;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// A computation that needs the server's answer to go on (seed 000: a pre-key bundle before an invite; the server's
/// member list before a group seed). The state keeps it with the request it waits for; the answer
/// (<see cref="ResponseReceived"/>) is the input that continues it. Nothing waits inside a computation.
/// </summary>
/// <param name="RequestId">The <see cref="OutboxItem.Id"/> of the request whose answer continues it.</param>
public abstract record PendingOperation(long RequestId);

/// <summary>
/// A text to a user whose devices are not all known: the bundles of <c>Users[Index]</c> were asked for; each device
/// gets an invite, the later users are looked up in turn, then the text goes to every known device of them.
/// </summary>
/// <param name="RequestId">The bundle lookup waited for.</param>
/// <param name="Text">The plaintext to send.</param>
/// <param name="Users">The users the text goes to (the addressee, then this user for its other devices).</param>
/// <param name="Index">Which of <paramref name="Users"/> the lookup is for.</param>
public sealed record UserLookup(long RequestId, Wire.Plaintext Text, ImmutableList<(string Domain, string UserId)> Users, int Index) : PendingOperation(RequestId);

/// <summary>
/// One device's bundle was asked for, to invite it (a first message, a session renewal at the chain limit, a new
/// device); what is to be sent to it waits in its <see cref="PeerSessions.Waiting"/>.
/// </summary>
/// <param name="RequestId">The bundle lookup waited for.</param>
/// <param name="Device">The device to invite.</param>
/// <param name="Retry">Whether this is the one retry after the server refused the invite made from a bundle.</param>
public sealed record DeviceLookup(long RequestId, Wire.E2eeAddress Device, bool Retry) : PendingOperation(RequestId)
{
    /// <summary>
    /// Non-empty when the lookup checks an invite that waited too long for its accept (a clock tick): the session it
    /// opened is replaced only if the fresh bundle proves the invite's signed pre-key retired.
    /// </summary>
    public string StaleSessionId { get; init; } = "";
}

/// <summary>Which group-management request a <see cref="GroupRequest"/> waits for.</summary>
public enum GroupRequestKind
{
    /// <summary>Create group: the answer carries the group address and every member device.</summary>
    Create = 1,

    /// <summary>Add group members: the answer carries the newcomers' devices.</summary>
    AddMembers = 2,

    /// <summary>Add group member device: the answer carries the device with its sign key.</summary>
    AddMemberDevice = 3,

    /// <summary>Remove group members: the answer carries the remaining member devices.</summary>
    RemoveMembers = 4,

    /// <summary>Leave group: on success the keys are dropped.</summary>
    Leave = 5,
}

/// <summary>
/// A group-management request whose answer decides the keys (seed 000 §Create group, §Add group members, §Add group
/// member device, §Remove group members, §Leave group).
/// </summary>
/// <param name="RequestId">The request waited for.</param>
/// <param name="Kind">Which request.</param>
/// <param name="Group">The group (for a creation: none until the answer).</param>
/// <param name="Info">The group info the new keys are built for.</param>
/// <param name="OldSessionId">The session a removal replaces (empty otherwise).</param>
/// <param name="Device">The device an add of a member device adds (none for the other kinds).</param>
public sealed record GroupRequest(long RequestId, GroupRequestKind Kind, Wire.E2eeAddress? Group, Wire.GroupInfo Info, string OldSessionId, Wire.E2eeAddress? Device = null) : PendingOperation(RequestId);
