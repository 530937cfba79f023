using System.Collections.Immutable;
using E2eeConformance.Mpenc.Aske;
using E2eeConformance.Mpenc.Gka;

namespace E2eeConformance.Mpenc.Session;

/// <summary>
/// One member's session in one channel (seed 003 §3.1, §4.2 HybridSession): the channel view; the concurrency
/// resolver's state (§4.3 ServerOrder: the last accepted final packet, the chain hash, whether this member knows the
/// order from its start); the committed agreements (GKA and ASKE of the current subsession); the current and previous
/// subsessions; the ongoing operation; this member's proposals; data packets no known subsession can read yet; and verified messages waiting for their parents (§3.4).
/// </summary>
public sealed record ChannelSession(
    ChannelView Channel,
    string? LastFinal,
    byte[] ChainHash,
    bool KnowsOrder,
    CliquesMember Gka,
    AskeMember Aske,
    Subsession? Current,
    Subsession? Previous,
    ImmutableHashSet<byte> ClosedHints,
    Operation? Ongoing,
    ImmutableList<Proposal> Proposals,
    ImmutableList<UnreadablePacket> Unreadable,
    ImmutableList<DeferredMessage> Deferred)
{
    /// <summary>The chain hash before any operation (<see cref="OperationChain.Initial"/>).</summary>
    public static byte[] InitialChainHash => OperationChain.Initial;

    /// <summary>A member's fresh session in a channel it is entering.</summary>
    public static ChannelSession New(string channel, string self, ReadOnlySpan<byte> identityKey) =>
        new(ChannelView.Asked(channel), null, InitialChainHash, false, CliquesMember.New(self), AskeMember.New(self, identityKey), null, null, [], null, [], [], []);

    /// <summary>Names the session without its secrets.</summary>
    public override string ToString() => $"ChannelSession({Channel.Name}, {(Current is null ? "no subsession" : Current.ToString())}, {(Ongoing is null ? "idle" : Ongoing.ToString())})";
}
