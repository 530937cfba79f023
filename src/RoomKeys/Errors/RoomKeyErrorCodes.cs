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
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "not a room-key error code"),
    };
}
