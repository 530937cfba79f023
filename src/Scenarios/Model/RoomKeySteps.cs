namespace E2eeConformance.Scenarios.Model;

/// <summary>
/// <c>request_join: { who, group }</c> (room-keys family): the device's user asks to join a room (seed 002's
/// join_session); every member is asked to approve.
/// </summary>
public sealed record RequestJoinStep(string Who, string Group) : Step
{
    /// <inheritdoc/>
    public override string Keyword => "request_join";
}

/// <summary>
/// <c>approve_join: { by, who, group }</c> (room-keys family): a member admits a user who asked to join, handing it the
/// room key (allow_user_join_session).
/// </summary>
public sealed record ApproveJoinStep(string By, string Who, string Group) : Step
{
    /// <inheritdoc/>
    public override string Keyword => "approve_join";
}

/// <summary>
/// <c>set_e2ee: { by, group, on }</c> (room-keys family): end-to-end encryption of a room on (e2eeize_session, which
/// replaces the room key) or off (dee2eeize_session); the server allows it to the owner only.
/// </summary>
public sealed record SetE2eeStep(string By, string Group, bool On) : Step
{
    /// <inheritdoc/>
    public override string Keyword => "set_e2ee";
}
