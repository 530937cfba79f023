namespace E2eeConformance.RoomKeys.Errors;

/// <summary>
/// The stable names of <see cref="RoomKeyErrorCode"/>, written out (renaming a member never changes a code that tests,
/// scenarios and reports match on).
/// </summary>
public static class RoomKeyErrorCodes
{
    /// <summary>Every code's name, in the enum's order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Enum.GetValues<RoomKeyErrorCode>().Select(Name)];

    /// <summary>The stable name of <paramref name="code"/>.</summary>
    public static string Name(RoomKeyErrorCode code) => code switch
    {
        RoomKeyErrorCode.Malformed => "malformed",
        RoomKeyErrorCode.BadRoomKey => "bad_room_key",
        RoomKeyErrorCode.BadTag => "bad_tag",
        RoomKeyErrorCode.RetiredRoomKey => "retired_room_key",
        RoomKeyErrorCode.Replay => "replay",
        RoomKeyErrorCode.NotAMember => "not_a_member",
        RoomKeyErrorCode.NoRoomKey => "no_room_key",
        RoomKeyErrorCode.NoJoinRequest => "no_join_request",
        RoomKeyErrorCode.TooManyHeld => "too_many_held",
        RoomKeyErrorCode.StoreCorrupt => "store_corrupt",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "not a room-key error code"),
    };
}
