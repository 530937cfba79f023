namespace E2eeConformance.SenderKeys.Errors;

/// <summary>
/// Why the sender-key family refused an input: stable codes (their snake_case names, <see cref="SenderKeyErrorCodes"/>)
/// that tests, scenarios and reports match on. A refusal never changes the state it was given.
/// </summary>
public enum SenderKeyErrorCode
{
    /// <summary>A field has the wrong length or shape (a truncated message, a key of the wrong size).</summary>
    Malformed = 1,

    /// <summary>A public key is not a point of P-256 in uncompressed SEC1 form (off the curve, at infinity, wrong prefix).</summary>
    InvalidPoint = 2,

    /// <summary>The AES-256-GCM tag does not verify: tampered, forged, or the wrong key.</summary>
    BadTag = 10,

    /// <summary>A counter already accepted (a replay).</summary>
    Replay = 11,

    /// <summary>A counter too far behind the newest one accepted, outside the replay window.</summary>
    CounterOutsideWindow = 12,

    /// <summary>A counter that would skip more message keys than the bound allows.</summary>
    JumpTooFar = 13,

    /// <summary>A counter that cannot grow any more (a new key is needed).</summary>
    CounterOverflow = 14,

    /// <summary>A key id the receiver never got (its distribution has not arrived, or it was never sent to it).</summary>
    UnknownKeyId = 20,

    /// <summary>An old key id past its transition window: retired.</summary>
    RetiredKeyId = 21,

    /// <summary>The message names another sender, recipient or group than the state that reads it.</summary>
    WrongAddress = 22,

    /// <summary>A text to a user the relay knows no device of.</summary>
    UnknownUser = 23,

    /// <summary>A stored device state does not read back: cut, altered (its checksum fails) or of another format.</summary>
    StoreCorrupt = 30,
}
