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

    /// <summary>A data packet of a subsession this member has closed (its shutdown grace is over, seed 003 §3.1, MP-19).</summary>
    SessionClosed = 24,

    /// <summary>A command that needs an established session in the channel (a text, an inclusion, an exclusion, a refresh) where the member has none.</summary>
    NoSession = 30,

    /// <summary>A command for a channel the device is not in, or a packet posted by someone outside the channel.</summary>
    NotInChannel = 31,

    /// <summary>A message whose parents did not arrive within the parent timeout: a false claim of a parent, or a dropped one (§3.4).</summary>
    ParentMissing = 32,

    /// <summary>A message whose parents are not an antichain, or that does not follow its author's previous message (§3.4's rules).</summary>
    BadParents = 33,

    /// <summary>A proposal whose chain hash differs from this member's: the members' histories of operations differ (§3.3).</summary>
    ChainMismatch = 34,

    /// <summary>More distinct early channel events than a member keeps waiting for a gap in the control order (§4.1: members verify the order; MP-15).</summary>
    ChannelGap = 35,
}
