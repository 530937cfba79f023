namespace E2eeConformance.Scenarios.Model;

/// <summary>
/// <c>room_keys: { replace_after?, rsa_bits? }</c>: the room-key family's settings for one scenario
/// (docs/protocols/room-keys.md); a null field keeps the run's default.
/// </summary>
/// <param name="ReplaceAfter">How long a room key lasts before the server marks the room for a replacement (seed 002: "a certain time (can be set)"; default 7 days).</param>
/// <param name="RsaBits">The users' RSA key size: 2048 (the runs' default, for speed), 3072 (the family's default) or 4096.</param>
public sealed record RoomKeySettings(TimeSpan? ReplaceAfter = null, int? RsaBits = null);
