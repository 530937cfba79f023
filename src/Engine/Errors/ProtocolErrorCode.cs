namespace E2eeConformance.Engine.Errors;

/// <summary>
/// Every way peer input (or a peer's state) can make a protocol step fail (STYLE #5). The string form
/// (<see cref="ProtocolErrorCodes.Name"/>) is stable: scenarios, vectors and reports assert on it.
/// Never renumber or rename a value; add new ones at the end of their group.
/// </summary>
public enum ProtocolErrorCode
{
    /// <summary>Bytes that are not a valid protobuf encoding of the expected message.</summary>
    MalformedMessage = 1,

    /// <summary>A required field is missing or empty (e.g. no ratchet key, no version).</summary>
    MissingField = 2,

    /// <summary>A key, ciphertext or signature has the wrong length for the suite.</summary>
    WrongKeyLength = 3,

    /// <summary>The pack id names a suite this engine does not support, or differs from the session's.</summary>
    UnsupportedSuite = 4,

    /// <summary>The pack id of the message differs from the session's or the account's suite.</summary>
    WrongSuite = 5,

    /// <summary>
    /// A message, or one of its fields, is over the wire limits (<c>WireLimits</c>, issue 12): refused before it is
    /// processed, as the server refuses such a request.
    /// </summary>
    TooLarge = 6,

    /// <summary>The signed pre-key signature in a pre-key bundle does not verify (seed 000 §PQKA: Verify(Sig, ik_B)).</summary>
    BadSignedPreKeySignature = 10,

    /// <summary>A signature (group message, or any signed datum other than the signed pre-key) does not verify.</summary>
    BadSignature = 13,

    /// <summary>The invite names a signed pre-key id this account does not hold (expired beyond retention, or never issued).</summary>
    UnknownSignedPreKey = 11,

    /// <summary>The invite names a one-time pre-key id this account does not hold, or one already used.</summary>
    UnknownOneTimePreKey = 12,

    /// <summary>The AEAD tag did not verify: wrong key, tampered ciphertext or associated data.</summary>
    BadTag = 20,

    /// <summary>
    /// The message was already decrypted: one-to-one, its chain position (ratchet key, index) is one whose key we derived
    /// and spent; in a group, the very same ciphertext was decrypted at that position (group indices restart at an add,
    /// so the position alone does not say which message it was). An evicted key is <see cref="EvictedKey"/>, a message
    /// of another chain <see cref="SupersededChain"/>.
    /// </summary>
    Replay = 21,

    /// <summary>The payload's root sequence is not one this session can place (equal to ours, or more than one step ahead).</summary>
    UnexpectedRootSequence = 22,

    /// <summary>The payload claims the current receiving chain but carries another ratchet key.</summary>
    RatchetKeyMismatch = 23,

    /// <summary>The sender chain has carried the chain limit of messages (512, <c>ProtocolLimits.MaxMessagesPerChain</c>): build a new session.</summary>
    ChainLimitReached = 24,

    /// <summary>The payload's chain index is at or past the chain limit (512, <c>ProtocolLimits.MaxMessagesPerChain</c>: a peer broke it).</summary>
    ChainLimitExceeded = 25,

    /// <summary>
    /// Decrypting would skip more message keys than the forward-jump limit (<c>ProtocolLimits.MaxForwardJump</c>). A device
    /// holds such a one-to-one message until the gap narrows (<c>PeerSessions.HeldForGap</c>) and reports this code only
    /// when that bound (<c>PeerSessions.MaxHeldForGap</c>) is full.
    /// </summary>
    JumpTooFar = 26,

    /// <summary>The outbound session has not received its AcceptMsg yet and cannot encrypt (seed 000 §PQKA).</summary>
    SessionNotEstablished = 28,

    /// <summary>No session with that id (or for that peer) exists.</summary>
    UnknownSession = 29,

    /// <summary>The message is addressed to someone else, or comes from an address that is not the session's peer.</summary>
    WrongAddress = 30,

    /// <summary>A counter would overflow its 32-bit wire field.</summary>
    CounterOverflow = 31,

    /// <summary>The AcceptMsg does not match the pending outbound session.</summary>
    UnexpectedAccept = 32,

    /// <summary>The decrypted plaintext is not a valid Plaintext message.</summary>
    MalformedPlaintext = 33,

    /// <summary>The payload's counters contradict each other (<c>sending_message_sequence</c> &lt; sequence + 1).</summary>
    InconsistentCounters = 34,

    /// <summary>A public key or ratchet key is not a valid encoding for the suite (e.g. a non-canonical X25519 u-coordinate).</summary>
    InvalidPublicKey = 35,

    /// <summary>
    /// The message's key was stored as a skipped key and later evicted, the store being full
    /// (<c>ProtocolLimits.MaxStoredSkippedKeys</c>, oldest first): the message can never be read. The reference keeps
    /// every skipped key and has no such case. Evicted positions are remembered within the same bound; one forgotten
    /// since is reported as the replay it then looks like. One-to-one only: a group chain holds at most 511 skipped keys,
    /// so never evicts.
    /// </summary>
    EvictedKey = 36,

    /// <summary>
    /// The message belongs to another chain than the one this device holds at its position, so no key of ours ever
    /// matched it: one-to-one, a position of an older chain of the peer's that we never derived (the peer's counters
    /// closed that chain before it) or a chain older than the ones we remember
    /// (<c>ProtocolLimits.MaxRememberedClosedChains</c>); in a group, a message at a position where our chain decrypted
    /// a different message — a chain replaced by an add whose retired copy is gone, a message from before we joined, or
    /// one written after an add we have not applied yet. Without a key nothing authenticates such a message, so a forgery
    /// at such a position reports this code too.
    /// </summary>
    SupersededChain = 37,

    /// <summary>The group message names a group session we do not hold (never joined, or dropped after its grace).</summary>
    UnknownGroupSession = 40,

    /// <summary>The group message is addressed to another group than its session's.</summary>
    WrongGroup = 41,

    /// <summary>The sender is not a member device of the group session (or we hold no chain for it yet).</summary>
    NotAMember = 42,

    /// <summary>A group key bundle is inconsistent with the session it updates (other session, wrong position, missing fields).</summary>
    BadGroupBundle = 43,

    /// <summary>
    /// A device's stored state failed its integrity check (issue 12): a part whose checksum does not match, a file
    /// truncated or damaged so that SQLite or the decoder rejects it, parts that were not saved together, or a format
    /// this store does not read. Never a silently different state: the device does not start from it.
    /// </summary>
    StoreCorrupt = 50,
}
