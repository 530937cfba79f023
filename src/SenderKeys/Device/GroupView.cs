using System.Collections.Immutable;
using E2eeConformance.SenderKeys.Groups;
using E2eeConformance.SenderKeys.Relay;

namespace E2eeConformance.SenderKeys.Device;

/// <summary>
/// What a device holds of one group: the membership as the relay last announced it (and its version), its own sender
/// key state, every other member's keys (<see cref="SenderKeyRecord"/>), and group messages that arrived before their
/// sender's key (bounded; retried when a key arrives).
/// </summary>
public sealed record GroupView(
    string Group,
    ulong Version,
    ImmutableList<DeviceKey> Members,
    SenderKeyState Own,
    ImmutableSortedDictionary<string, SenderKeyRecord> Records,
    ImmutableList<GroupMessage> Held)
{
    /// <summary>How many group messages may wait for their keys.</summary>
    public const int MaxHeld = 256;

    /// <summary>
    /// SK-23: member devices that left (a notice removed them) and have not come back: a message of one of them whose key
    /// never came will not get it any more, so it is refused rather than held.
    /// </summary>
    public ImmutableSortedSet<string> Departed { get; init; } = ImmutableSortedSet<string>.Empty.WithComparer(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="device"/> is a member device now.</summary>
    public bool HasMember(string device) => Members.Any(m => m.Device == device);
}
