namespace E2eeConformance.RoomKeys.Errors;

/// <summary>
/// Why the room-key family refused an input: stable codes (snake_case names, <see cref="RoomKeyErrorCodes"/>) that tests,
/// scenarios and reports match on. A refusal never changes the state it was given.
/// </summary>
public enum RoomKeyErrorCode
{
    /// <summary>A field has the wrong length or shape (a cut message, a key of the wrong size, an RSA key size not allowed).</summary>
    Malformed = 1,

    /// <summary>
    /// An encrypted room key does not decrypt under the device's RSA key (RSA-OAEP: wrong key, altered, or not OAEP at
    /// all). One code for every such failure, so that no error tells a padding failure from another (Manger's attack).
    /// </summary>
    BadRoomKey = 2,

    /// <summary>The AES-256-GCM tag of a room message does not verify: tampered, or another room key, room, sender or generation.</summary>
    BadTag = 10,
}
