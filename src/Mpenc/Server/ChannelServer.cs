using E2eeConformance.Mpenc.Channel;
using E2eeConformance.Mpenc.Errors;

namespace E2eeConformance.Mpenc.Server;

/// <summary>
/// The in-memory group transport channel (seed 003 §2.2, §4.1 GroupChannel; footnote 2: one server keeps a consistent
/// order for the channel, as XMPP MUC does). Channels by name, each with its roster in order of entry and two counters:
/// every event's place (<c>Seq</c>) and the control order of membership changes and greetings (<c>ControlSeq</c>,
/// MP-15). Every event goes to everyone in the channel at that moment, the poster included; the server sees packets
/// but cannot read them. Requests it cannot take are refused with a stable code and change nothing.
/// </summary>
public sealed class ChannelServer
{
    private readonly Dictionary<string, ChannelRecord> _channels = new(StringComparer.Ordinal);

    /// <summary>The largest wire text the channel relays (a data packet's payload is at most 64 KiB, base-64 grows it by a third).</summary>
    public const int MaxPacketLength = 128 * 1024;

    /// <summary>Carries out <paramref name="request"/> of <paramref name="user"/>: the events to deliver, in order, each with its recipient.</summary>
    public ChannelOutcome Handle(string user, ChannelRequest request)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(request.Channel))
        {
            return ChannelOutcome.Refused(MpencErrorCode.Malformed, "a request names its channel");
        }

        ChannelRecord channel = _channels.TryGetValue(request.Channel, out ChannelRecord? existing) ? existing : new ChannelRecord();
        bool inside = channel.Roster.Any(r => r.User == user);
        switch (request)
        {
            case EnterChannel enter when inside:
                return ChannelOutcome.Refused(MpencErrorCode.BadMembers, $"{user} is in {request.Channel} already");
            case EnterChannel enter when enter.IdentityKey is not { Length: Aske.AskeMember.PublicKeyLength }:
                return ChannelOutcome.Refused(MpencErrorCode.Malformed, "an identity public key is 32 bytes");
            case EnterChannel enter:
                _channels[request.Channel] = channel;
                RosterEntry[] before = [.. channel.Roster];
                channel.Roster.Add(new RosterEntry(user, (byte[])enter.IdentityKey.Clone()));
                return Broadcast(channel, request.Channel, ChannelEventKind.Entered, user, null, enter.IdentityKey, control: true, rosterFor: (user, before));
            case PostPacket post when !inside:
                return ChannelOutcome.Refused(MpencErrorCode.NotInChannel, $"{user} is not in {request.Channel}");
            case PostPacket post when string.IsNullOrEmpty(post.Packet) || post.Packet.Length > MaxPacketLength:
                return ChannelOutcome.Refused(MpencErrorCode.Malformed, $"a packet is 1 to {MaxPacketLength} characters");
            case PostPacket post:
                return Broadcast(channel, request.Channel, ChannelEventKind.Packet, user, post.Packet, null, control: post.Greeting, rosterFor: null);
            case LeaveChannel when !inside:
                return ChannelOutcome.Refused(MpencErrorCode.NotInChannel, $"{user} is not in {request.Channel}");
            case LeaveChannel:
                return Remove(channel, request.Channel, [user]);
            case KickFromChannel kick when !inside || kick.Users is null || kick.Users.Count == 0 || kick.Users.Any(u => u == user):
                return ChannelOutcome.Refused(MpencErrorCode.NotInChannel, $"{user} kicks others from a channel it is in");
            case KickFromChannel kick:
                return Remove(channel, request.Channel, [.. kick.Users.Distinct(StringComparer.Ordinal).Where(u => channel.Roster.Any(r => r.User == u))]);
            default:
                return ChannelOutcome.Refused(MpencErrorCode.Malformed, $"the channel does not take {request.GetType().Name}");
        }
    }

    private static ChannelOutcome Remove(ChannelRecord channel, string name, IReadOnlyList<string> users)
    {
        List<(string, ChannelEvent)> deliveries = [];
        foreach (string user in users)
        {
            // The one who leaves hears it too (its own copy tells it that it is out).
            deliveries.AddRange(Broadcast(channel, name, ChannelEventKind.Left, user, null, null, control: true, rosterFor: null).Deliveries);
            channel.Roster.RemoveAll(r => r.User == user);
        }

        return new ChannelOutcome(deliveries, null, null);
    }

    private static ChannelOutcome Broadcast(ChannelRecord channel, string name, ChannelEventKind kind, string user, string? packet, byte[]? key, bool control, (string User, RosterEntry[] Roster)? rosterFor)
    {
        long seq = ++channel.Seq;
        long? controlSeq = control ? ++channel.ControlSeq : null;
        List<(string, ChannelEvent)> deliveries = [];
        foreach (RosterEntry member in channel.Roster)
        {
            IReadOnlyList<RosterEntry>? roster = rosterFor is { } r && r.User == member.User ? r.Roster : null;
            deliveries.Add((member.User, new ChannelEvent(name, seq, controlSeq, kind, user, packet, key is null ? null : (byte[])key.Clone(), roster)));
        }

        return new ChannelOutcome(deliveries, null, null);
    }

    private sealed class ChannelRecord
    {
        public List<RosterEntry> Roster { get; } = [];

        public long Seq { get; set; }

        public long ControlSeq { get; set; }
    }
}
