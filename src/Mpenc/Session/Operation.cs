using System.Collections.Immutable;
using E2eeConformance.Mpenc.Aske;
using E2eeConformance.Mpenc.Gka;

namespace E2eeConformance.Mpenc.Session;

/// <summary>
/// The membership operation the channel's control order accepted and that has not finished (seed 003 §3.1, §4.3
/// Greeting): its kind, its initial packet's id, who started it, the next membership and who leaves; whether this member
/// takes part (a participant runs the agreements, <see cref="Gka"/> and <see cref="Aske"/>; an observer — a member being
/// excluded, someone in the channel outside the group — follows it from the packets' public fields, MP-15); and which
/// participants have sent their session signature (what tells an observer the operation finished).
/// </summary>
public sealed record Operation(
    OperationKind Kind,
    string InitialId,
    string Initiator,
    ImmutableArray<string> Members,
    ImmutableArray<string> Leaving,
    bool Participant,
    CliquesMember? Gka,
    AskeMember? Aske,
    ImmutableHashSet<string> Acknowledged,
    long StartedAtMs)
{
    /// <summary>
    /// The ephemeral public keys the operation's self-signed packets carried (upflows, first downflows), by participant:
    /// what verifies a confirmation for every member, participant or observer alike (MP-15).
    /// </summary>
    public ImmutableDictionary<string, byte[]> KnownKeys { get; init; } = ImmutableDictionary.Create<string, byte[]>(StringComparer.Ordinal);

    /// <summary>Whether this member has sent an abort of the operation already.</summary>
    public bool AbortSent { get; init; }

    /// <summary>Whether this member (a newcomer) took the channel's order from this operation's initial packet: proven only if it finishes (MP-15).</summary>
    public bool Adopted { get; init; }

    /// <summary>The initial packets a newcomer set aside while following this operation ("in progress"): an abort of one shows the group was in that one instead.</summary>
    public ImmutableHashSet<string> SetAside { get; init; } = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    /// <summary>Whether a participant's agreements are both done: every session signature verified and the group key computed (§5.2.2 phase 3).</summary>
    public bool IsCompleteForParticipant => Participant && Aske is { IsComplete: true } && Gka is { IsReady: true, IsIncluding: false };

    /// <summary>Whether every next member has acknowledged (what an observer can tell).</summary>
    public bool IsCompleteForObserver => Members.All(Acknowledged.Contains);

    /// <summary>Names the operation without its secrets.</summary>
    public override string ToString() => $"Operation({Kind} by {Initiator}, {Members.Length} members, {(Participant ? "participant" : "observer")})";
}

/// <summary>
/// An operation this member asked for and the group has not yet carried out (seed 003 §4.2: the component that manages
/// proposals, "retries in the case of transport hiccups"): its kind and targets; while its initial packet is on its way,
/// that packet's id and the agreements' states it prepared (applied only once the control order accepts it).
/// </summary>
public sealed record Proposal(OperationKind Kind, ImmutableArray<string> Targets, string? InFlightId, CliquesMember? PreparedGka, AskeMember? PreparedAske)
{
    /// <summary>How many times the group accepted it and it then failed (dropped after <see cref="SessionTimers.MaxAttempts"/>: automatic retries are limited, seed 003 §5).</summary>
    public int Failures { get; init; }

    /// <summary>Names the proposal without its secrets.</summary>
    public override string ToString() => $"Proposal({Kind} {string.Join(",", Targets)}{(InFlightId is null ? "" : ", in flight")})";
}
