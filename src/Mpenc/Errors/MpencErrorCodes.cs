namespace E2eeConformance.Mpenc.Errors;

/// <summary>
/// The stable names of <see cref="MpencErrorCode"/>, written out (renaming a member never changes a code that tests,
/// scenarios and reports match on).
/// </summary>
public static class MpencErrorCodes
{
    /// <summary>Every code's name, in the enum's order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Enum.GetValues<MpencErrorCode>().Select(Name)];

    /// <summary>The stable name of <paramref name="code"/>.</summary>
    public static string Name(MpencErrorCode code) => code switch
    {
        MpencErrorCode.Malformed => "malformed",
        MpencErrorCode.BadMembers => "bad_members",
        MpencErrorCode.UnexpectedRecord => "unexpected_record",
        MpencErrorCode.UnsupportedVersion => "unsupported_version",
        MpencErrorCode.NotAMember => "not_a_member",
        MpencErrorCode.WrongTurn => "wrong_turn",
        MpencErrorCode.DegenerateKey => "degenerate_key",
        MpencErrorCode.BadSignature => "bad_signature",
        MpencErrorCode.WrongSession => "wrong_session",
        MpencErrorCode.ContributionMismatch => "contribution_mismatch",
        MpencErrorCode.Replay => "replay",
        MpencErrorCode.SessionClosed => "session_closed",
        MpencErrorCode.NoSession => "no_session",
        MpencErrorCode.NotInChannel => "not_in_channel",
        MpencErrorCode.ParentMissing => "parent_missing",
        MpencErrorCode.BadParents => "bad_parents",
        MpencErrorCode.ChainMismatch => "chain_mismatch",
        MpencErrorCode.ChannelGap => "channel_gap",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "no stable name"),
    };
}
