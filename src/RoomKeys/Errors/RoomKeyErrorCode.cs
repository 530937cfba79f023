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

    /// <summary>A message under a room key the device has retired (older than the generation before its newest, RK-12).</summary>
    RetiredRoomKey = 11,

    /// <summary>A message the device has read already (the same nonce under a generation, or the same server sequence in the clear, RK-13).</summary>
    Replay = 12,

    /// <summary>A room the device is not in (a send, an approval, a room key or a message of a room it never joined or has left).</summary>
    NotAMember = 20,

    /// <summary>An encrypted send in a room whose room key the device does not hold yet.</summary>
    NoRoomKey = 21,

    /// <summary>An approval of a join nobody asked the device to approve (no JoinSessionApproval for that user).</summary>
    NoJoinRequest = 22,

    /// <summary>More messages waiting for their room key than the device keeps (RK-14).</summary>
    TooManyHeld = 23,

    /// <summary>A stored device state that is cut, altered or not a room-key device's (its checksum does not match).</summary>
    StoreCorrupt = 30,
}
