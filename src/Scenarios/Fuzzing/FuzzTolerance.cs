namespace E2eeConformance.Scenarios.Fuzzing;

/// <summary>
/// The errors generated scenarios tolerate (<c>expect: { tolerate: … }</c>) because the model cannot say how many there
/// will be: a removed user's late text refused by the server, and what a device reports about an adversary's replayed
/// or tampered copy (which code depends on the field and the bit the seed draws). Everything else stays claimed by the
/// end-of-run invariant: an unexpected error still fails the run.
/// </summary>
internal static class FuzzTolerance
{
    /// <summary>The codes a device may report for a replayed copy.</summary>
    public static IReadOnlyList<string> ReplayCodes { get; } = ["replay", "evicted_key", "superseded_chain"];

    /// <summary>
    /// The codes a device may report for a copy with one field changed (the field decides which); a copy of a message the
    /// device already read may also be reported as a replay before anything else is checked.
    /// </summary>
    public static IReadOnlyList<string> TamperCodes(string field) => [.. FieldCodes(field), .. ReplayCodes];

    private static IReadOnlyList<string> FieldCodes(string field) => field switch
    {
        "ciphertext" => ["bad_tag", "bad_signature"],
        "signature" => ["bad_signature", "bad_tag"],
        "session_id" => ["unknown_session", "unknown_group_session", "bad_tag"],
        "from" => ["unknown_session", "unknown_group_session", "bad_tag", "not_a_member"],
        _ => ["bad_tag", "bad_signature", "jump_too_far", "chain_limit_exceeded", "ratchet_key_mismatch", "unexpected_root_sequence", "wrong_key_length"],
    };

    /// <summary>
    /// The codes a device may report, whatever the field, for a copy of a group message sent before a clock jump: the
    /// retired session or chain position it was written under may be gone with the grace
    /// (docs/CONVERGENCE.md §Losses by design), so the copy finds no session (<c>unknown_group_session</c>) or only the
    /// current chain, at a position it has not reached (<c>bad_tag</c>) or spent on another message (<c>superseded_chain</c>).
    /// </summary>
    public static IReadOnlyList<string> PastGraceCodes { get; } = ["unknown_group_session", "bad_tag", "superseded_chain"];

    /// <summary>An <c>expect</c> step's value tolerating <paramref name="code"/> at <paramref name="at"/> from now on.</summary>
    public static FuzzValue Step(string at, string code, string reason) =>
        FuzzValue.Map(("tolerate", FuzzValue.Map(("at", FuzzValue.Of(at)), ("code", FuzzValue.Of(code)), ("reason", FuzzValue.Quote(reason)))));
}
