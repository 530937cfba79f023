namespace E2eeConformance.Mpenc.Channel;

/// <summary>What a channel event is: someone entered or left the channel, or a packet was posted to it.</summary>
public enum ChannelEventKind
{
    /// <summary>A user entered the channel (with the identity key the channel publishes for it).</summary>
    Entered = 1,

    /// <summary>A user left the channel, or was kicked from it.</summary>
    Left = 2,

    /// <summary>A packet posted to the channel (its wire text).</summary>
    Packet = 3,
}

/// <summary>
/// One event of a group transport channel (seed 003 §4.1 GroupChannel), as the channel sends it to each member: its place
/// in the channel (<see cref="Seq"/>), and for membership changes and greeting packets also its place in the channel's
/// <b>control order</b> (<see cref="ControlSeq"/>) — the linear order in which every member must see membership
/// operations (§2.2, §3.3; MP-15). <see cref="User"/> is who entered, left or posted (the channel attests the poster);
/// an <see cref="ChannelEventKind.Entered"/> event carries that user's identity public key, and the copy sent to the user
/// who entered also carries the roster it joins (everyone already there, with their keys).
/// </summary>
public sealed record ChannelEvent(
    string Channel,
    long Seq,
    long? ControlSeq,
    ChannelEventKind Kind,
    string User,
    string? Packet,
    byte[]? IdentityKey,
    IReadOnlyList<RosterEntry>? Roster)
{
    /// <summary>How transcripts name it.</summary>
    public override string ToString() => Kind switch
    {
        ChannelEventKind.Entered => $"{User} entered {Channel}",
        ChannelEventKind.Left => $"{User} left {Channel}",
        _ => $"packet of {User} in {Channel}",
    };
}

/// <summary>A user in a channel's roster and the identity public key (Ed25519) the channel publishes for it.</summary>
public sealed record RosterEntry(string User, byte[] IdentityKey);
