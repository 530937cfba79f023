using E2eeConformance.Mpenc.Channel;
using E2eeConformance.Mpenc.Errors;

namespace E2eeConformance.Mpenc.Server;

/// <summary>What the channel did with a request: the events to deliver (recipient, event) in order, or why it refused (a stable code).</summary>
public sealed record ChannelOutcome(IReadOnlyList<(string To, ChannelEvent Event)> Deliveries, MpencErrorCode? Refusal, string? Detail)
{
    /// <summary>A refusal: nothing delivered, nothing changed.</summary>
    public static ChannelOutcome Refused(MpencErrorCode code, string detail) => new([], code, detail);
}
