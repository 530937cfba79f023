namespace E2eeConformance.Scenarios.Model;

/// <summary>One thing a scenario expects; a failure says what was expected and what happened.</summary>
public abstract record Expectation
{
    /// <summary>
    /// The YAML keyword of the expectation (<c>received</c>, <c>error</c>, …), as failures and transcripts name it.
    /// </summary>
    public abstract string Keyword { get; }
}

/// <summary>
/// <c>received: { by, message | messages, text? }</c>: every device of <c>by</c> (a user or a device) decrypted each
/// message (optionally: with exactly this text), in any order.
/// </summary>
public sealed record ReceivedExpectation(string By, IReadOnlyList<string> Messages, string? Text) : Expectation
{
    /// <inheritdoc/>
    public override string Keyword => "received";
}

/// <summary>
/// <c>not_received: { by, message | messages }</c>: no device of <c>by</c> decrypted these messages (so far). Also tells
/// the end-of-run invariant that these devices are not meant to get them.
/// </summary>
public sealed record NotReceivedExpectation(string By, IReadOnlyList<string> Messages) : Expectation
{
    /// <inheritdoc/>
    public override string Keyword => "not_received";
}

/// <summary>
/// <c>error: { at, code, message?, count? }</c>: the device reported a protocol failure with this stable error code
/// (e.g. <c>bad_tag</c>, <c>replay</c>), for the named message if given. Each reported failure must be claimed by an
/// <c>error</c> expectation, or the run fails at its end.
/// </summary>
public sealed record ErrorExpectation(string At, string Code, string? Message, int Count = 1) : Expectation
{
    /// <summary>
    /// A range of counts (<c>count: { at_least | at_most | between }</c>) instead of <see cref="Count"/>: the number of
    /// such unclaimed errors must lie in it, and all of them are claimed. Null: <see cref="Count"/> of them are claimed
    /// (at least that many must be there).
    /// </summary>
    public CountRange? Range { get; init; }

    /// <inheritdoc/>
    public override string Keyword => "error";
}

/// <summary>
/// <c>refused: { at, request?, code?, count? }</c>: the server refused a request a step asked a device to make (a group
/// change by a non-manager, the only manager leaving, an existing member added …): <paramref name="Request"/> is the
/// step's keyword (<c>create_group</c>, <c>add_members</c>, <c>remove_members</c>, <c>leave</c>,
/// <c>add_group_device</c>), <paramref name="Code"/> the response code in lowercase (<c>forbidden</c>,
/// <c>request_conflict</c>, …). Each refusal must be claimed by a <c>refused</c> expectation, or the run fails at its end.
/// </summary>
public sealed record RefusedExpectation(string At, string? Request, string? Code, int Count = 1) : Expectation
{
    /// <inheritdoc/>
    public override string Keyword => "refused";
}

/// <summary>
/// <c>tolerate: { at, code, reason }</c>: from now to the end of the run, errors with this code at these devices are
/// expected, however many (0 or more) — for errors whose number depends on the seed, e.g. a newcomer that cannot read
/// the messages a member sent before it heard of the add. The reason is required and printed.
/// </summary>
public sealed record TolerateExpectation(string At, string Code, string Reason) : Expectation
{
    /// <inheritdoc/>
    public override string Keyword => "tolerate";
}

/// <summary><c>no_errors: DEVICE | all</c>: no unclaimed protocol failure at these devices so far.</summary>
public sealed record NoErrorsExpectation(string At) : Expectation
{
    /// <inheritdoc/>
    public override string Keyword => "no_errors";
}

/// <summary>
/// <c>adversary_decrypts: { state, message }</c> / <c>adversary_cannot_decrypt</c>: the adversary tries to decrypt the
/// message (as sent to the compromised device) with the state copy it kept; on success it keeps the advanced copy.
/// </summary>
public sealed record AdversaryExpectation(string State, string Message, bool CanDecrypt) : Expectation
{
    /// <inheritdoc/>
    public override string Keyword => CanDecrypt ? "adversary_decrypts" : "adversary_cannot_decrypt";
}

/// <summary>
/// <c>state: { device, sessions?, skipped_keys?, one_time_pre_keys?, signed_pre_key_id?, groups?, group_members? }</c>:
/// counters of a device's stored state (<c>group</c> and <c>group_members</c> go together); each counter is an exact
/// number or a range (<see cref="CountRange"/>; the signed pre-key id is an id, always exact). <c>sessions</c> counts one-to-one sessions over all peers,
/// <c>skipped_keys</c> stored skipped message keys over all sessions, <c>one_time_pre_keys</c> unused ones,
/// <c>groups</c> groups it holds keys for; <c>group_members</c> the member devices (itself included) of <c>group</c>.
/// </summary>
public sealed record StateExpectation(
    string Device,
    CountRange? Sessions = null,
    CountRange? SkippedKeys = null,
    CountRange? OneTimePreKeys = null,
    long? SignedPreKeyId = null,
    CountRange? Groups = null,
    string? Group = null,
    CountRange? GroupMembers = null) : Expectation
{
    /// <summary>
    /// <c>sender_key_id</c> (sender-keys family): the id of the device's own sender key in <see cref="Group"/>; it grows
    /// by one with every rotation. Null: not checked.
    /// </summary>
    public long? SenderKeyId { get; init; }

    /// <summary>
    /// <c>room_key_generation</c> (room-keys family): the newest room-key generation the device holds in
    /// <see cref="Group"/> (1 at creation, one more at each replacement).
    /// </summary>
    public long? RoomKeyGeneration { get; init; }

    /// <inheritdoc/>
    public override string Keyword => "state";
}

/// <summary>
/// <c>server: { pending_for?, count?, one_time_pre_keys_of?, stock? }</c>: what the server holds; <c>count</c> and
/// <c>stock</c> are exact numbers or ranges (<see cref="CountRange"/>).
/// </summary>
public sealed record ServerExpectation(string? PendingFor = null, CountRange? Pending = null, string? OneTimePreKeysOf = null, CountRange? Stock = null) : Expectation
{
    /// <inheritdoc/>
    public override string Keyword => "server";
}

/// <summary><c>summary: DEVICE | all</c>: writes a state summary of the devices into the transcript (checked by the snapshot).</summary>
public sealed record SummaryExpectation(string Of) : Expectation
{
    /// <inheritdoc/>
    public override string Keyword => "summary";
}
