namespace E2eeConformance.Scenarios.Model;

/// <summary>
/// <c>event: { at, kind, of?, name?, count? }</c>: each device of <see cref="At"/> raised events of <see cref="Kind"/>
/// (<see cref="Kinds"/>) to its application so far in the run — <see cref="Count"/> of them (default: at least one;
/// <c>count: 0</c> says none). <see cref="Of"/> narrows to events about that user or device (whose update, the session's
/// peer); <see cref="Name"/> (user_updated only) to updates to that user name.
/// </summary>
public sealed record EventExpectation(string At, string Kind, string? Of = null, string? Name = null, CountRange? Count = null) : Expectation
{
    /// <summary>
    /// The room-key family's kinds: a text in the clear in an end-to-end encrypted room (<c>of</c>: its sender), a join
    /// request to approve (<c>of</c>: the joiner), a room key this device replaced, the owner switching encryption.
    /// </summary>
    public static IReadOnlyList<string> RoomKeyKinds { get; } = ["plaintext_in_e2ee_group", "join_requested", "room_key_replaced", "e2ee_changed"];

    /// <summary>
    /// The mpENC family's kinds (seed 003 §2.3, §3.5): a text not acknowledged by a reader in time (<c>of</c>: the
    /// reader), a member not heard from in time (<c>of</c>: the member), this member's proposal rejected, an operation
    /// failed, this member excluded (<c>of</c>: the excluder).
    /// </summary>
    public static IReadOnlyList<string> MpencKinds { get; } = ["unacked", "member_absent", "proposal_rejected", "operation_failed", "excluded"];

    /// <summary>The event kinds an expectation can name, in the order the format documents them.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["heartbeat", "user_updated", "session_established", "pre_keys_published", .. RoomKeyKinds, .. MpencKinds];

    /// <summary>The kinds <see cref="Of"/> applies to (the event names a user or device).</summary>
    public static IReadOnlyList<string> KindsWithSubject { get; } = ["user_updated", "session_established", "plaintext_in_e2ee_group", "join_requested", "e2ee_changed", "unacked", "member_absent", "excluded"];

    /// <summary>The count accepted when none is given: at least one.</summary>
    public CountRange Expected => Count ?? CountRange.AtLeast(1);

    /// <inheritdoc/>
    public override string Keyword => "event";
}
