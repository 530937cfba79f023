using E2eeConformance.Mpenc.Channel;
using E2eeConformance.Scenarios.Running.Relayed;

namespace E2eeConformance.Scenarios.Running.Mpenc;

/// <summary>One channel event on its way to one member (the mpENC family's in-flight message).</summary>
internal sealed class MpencFlight(long sequence, string to, string from, string kind, string? label, ChannelEvent channelEvent) : Flight(sequence, to, from, kind, label)
{
    /// <summary>A text (a data packet a <c>send</c> made).</summary>
    public const string Group = "group";

    /// <summary>A data packet a member sent on its own: an acknowledgement, a heartbeat, a last message before parting (§3.5).</summary>
    public const string Ack = "ack";

    /// <summary>A greeting packet of a membership operation (§5.2.3).</summary>
    public const string Greeting = "greeting";

    /// <summary>Someone entered or left the channel.</summary>
    public const string Membership = "membership";

    /// <summary>The kinds a selector's <c>kind</c> may name in this family.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [Group, Ack, Greeting, Membership];

    public ChannelEvent Event { get; } = channelEvent;

    /// <summary>How the transcript names it, with the channel's order.</summary>
    public override string ToString() => Event.ControlSeq is { } c ? $"{base.ToString()} [{c}]" : base.ToString();
}
