namespace E2eeConformance.RoomKeys.Server;

/// <summary>The server's replacement timing (seed 002: "When a certain time (can be set) has passed since the last replacement … the group will be marked").</summary>
/// <param name="ReplaceAfterMs">How long a generation lasts before the room is marked (RK-15: 7 days by default).</param>
public sealed record RoomServerPolicy(long ReplaceAfterMs)
{
    /// <summary>7 days.</summary>
    public static RoomServerPolicy Default { get; } = new(7L * 24 * 3600 * 1000);
}
