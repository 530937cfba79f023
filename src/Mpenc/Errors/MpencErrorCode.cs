namespace E2eeConformance.Mpenc.Errors;

/// <summary>
/// Why the mpENC family refused an input: stable codes (snake_case names, <see cref="MpencErrorCodes"/>) that tests,
/// scenarios and reports match on. A refusal never changes the state it was given.
/// </summary>
public enum MpencErrorCode
{
    /// <summary>A field has the wrong length or shape (an intermediate key that is not 32 bytes, a list of the wrong length).</summary>
    Malformed = 1,

    /// <summary>A participant list that names someone twice, or is empty.</summary>
    BadMembers = 2,

    /// <summary>A record that is not where the packet's layout puts it (missing, out of order, of an unknown type, or extra).</summary>
    UnexpectedRecord = 3,

    /// <summary>A protocol version or packet type this implementation does not speak.</summary>
    UnsupportedVersion = 4,

    /// <summary>A flow that does not name this member, or a member operation on someone not in the session.</summary>
    NotAMember = 10,

    /// <summary>A flow that is not this member's to process now (an upflow addressed to another, a downflow before any agreement).</summary>
    WrongTurn = 11,

    /// <summary>An intermediate key that multiplies to the all-zero point (a small-order input): no shared secret.</summary>
    DegenerateKey = 12,

    /// <summary>A packet whose signature does not verify under the sender's key for this session.</summary>
    BadSignature = 20,

    /// <summary>A data packet of another session or group key (its hint does not match).</summary>
    WrongSession = 21,

    /// <summary>A key exchange message that misstates what this member contributed (its own nonce or ephemeral key altered).</summary>
    ContributionMismatch = 22,

    /// <summary>A key exchange message of a session this member already left behind (an old session replayed).</summary>
    Replay = 23,
}
