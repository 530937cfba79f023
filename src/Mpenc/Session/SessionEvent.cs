using System.Collections.Immutable;
using E2eeConformance.Mpenc.Errors;

namespace E2eeConformance.Mpenc.Session;

/// <summary>What a session tells its user (seed 003 §4.1 Session's output, §2.3's notices and warnings): one channel's event.</summary>
public abstract record SessionEvent(string Channel);

/// <summary>A text accepted into the transcript in causal order (§3.4), with its id and author.</summary>
public sealed record MessageDelivered(string Channel, string Id, string Author, string Text, string SidHex) : SessionEvent(Channel);

/// <summary>This member sent a message (a text, or an acknowledgement / heartbeat when <paramref name="Content"/> is false).</summary>
public sealed record MessageSent(string Channel, string Id, bool Content) : SessionEvent(Channel);

/// <summary>The control order accepted an operation (§2.3: "is accepted (starts)"): the next membership and, as far as this member knows, who leaves.</summary>
public sealed record OperationAccepted(string Channel, OperationKind Kind, string Initiator, ImmutableArray<string> Members, bool Participant) : SessionEvent(Channel)
{
    /// <summary>The members of this member's current subsession that the next membership leaves out.</summary>
    public ImmutableArray<string> Leaving { get; init; } = [];

    /// <summary>The members of the next membership that are not in this member's current subsession (all but the initiator for a new group).</summary>
    public ImmutableArray<string> Joining { get; init; } = [];
}

/// <summary>This member's proposal lost to another operation, or no longer fits; it is retried when it can be (§2.3: "is rejected").</summary>
public sealed record ProposalRejected(string Channel, OperationKind Kind, string Why) : SessionEvent(Channel);

/// <summary>An operation succeeded: a new subsession (§2.3: "succeeds").</summary>
public sealed record OperationCompleted(string Channel, OperationKind Kind, string Initiator, ImmutableArray<string> Members, string SidHex, string KeyFingerprint) : SessionEvent(Channel);

/// <summary>An operation failed: its temporary state is gone and the current subsession stays (§3.1, §2.3: "fails").</summary>
public sealed record OperationFailed(string Channel, OperationKind Kind, string Why) : SessionEvent(Channel);

/// <summary>Others excluded this member: its subsession closes and it waits to be kicked from the channel (§3.3).</summary>
public sealed record ExcludedFromSession(string Channel, string By) : SessionEvent(Channel);

/// <summary>This member's session ended without an operation: no other member is left in the channel (§3.3).</summary>
public sealed record SessionEnded(string Channel, string Why) : SessionEvent(Channel);

/// <summary>This member is out of the channel (it left, or was kicked): a null/solo session (§3.3).</summary>
public sealed record ChannelLeft(string Channel) : SessionEvent(Channel);

/// <summary>A consistency or presence warning (§2.3, §3.5): <c>unacked</c> (a message not acknowledged by all its readers in time) or <c>member_absent</c> (a member silent past the presence timeout).</summary>
public sealed record SessionWarning(string Channel, string Kind, string Subject, ImmutableArray<string> Members, string Detail) : SessionEvent(Channel);

/// <summary>An input refused with a stable code; the state it was given is unchanged (MP-21: a greeting that fails its checks does not take its place).</summary>
public sealed record InputRefused(string Channel, MpencErrorCode Code, string Detail) : SessionEvent(Channel);

/// <summary>Something a transcript should say that is neither a warning nor a refusal (a duplicate ignored, a message deferred, a subsession closed).</summary>
public sealed record SessionNote(string Channel, string Text) : SessionEvent(Channel);
