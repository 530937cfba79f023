using System.Collections.Immutable;
using E2eeConformance.Mpenc.Channel;

namespace E2eeConformance.Mpenc.Session;

/// <summary>
/// This member's view of a group transport channel (seed 003 §4.1): whether it is inside (or has asked to enter and
/// waits for the channel's word), the roster with the identity
/// keys the channel published, the next control-order number it expects, and control events that came early, waiting
/// for the gap before them (with when they arrived). Members verify the channel's order (§4.1): a control event is taken
/// only in its place (MP-15).
/// </summary>
public sealed record ChannelView(
    string Name,
    bool Inside,
    bool Entering,
    ImmutableArray<string> Roster,
    ImmutableDictionary<string, byte[]> IdentityKeys,
    long NextControl,
    ImmutableList<(ChannelEvent Event, long ArrivedAtMs)> Waiting)
{
    /// <summary>A channel this member has asked to enter and not yet heard from.</summary>
    public static ChannelView Asked(string name) =>
        new(name, false, true, [], ImmutableDictionary.Create<string, byte[]>(StringComparer.Ordinal), 0, []);

    /// <summary>Whether every one of <paramref name="users"/> is in the channel.</summary>
    public bool HasAll(IEnumerable<string> users) => users.All(Roster.Contains);
}
