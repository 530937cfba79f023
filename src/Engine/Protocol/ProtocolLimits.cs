namespace E2eeConformance.Engine.Protocol;

/// <summary>
/// Every limit of the protocol in one place (STYLE #6). The reference enforces none of the ratchet limits
/// (REFERENCE-BEHAVIOUR §32); these follow the whitepaper and safe practice, and each is tested at the bound and one past it.
/// </summary>
public static class ProtocolLimits
{
    /// <summary>
    /// A sender chain carries at most this many messages (chain indices 0 … 511): the whitepaper's 512 chain limit.
    /// Encrypting a 513th message fails with <c>chain_limit_reached</c> so the device builds a new outbound session;
    /// a received payload with sequence ≥ 512 fails with <c>chain_limit_exceeded</c> before any key is derived.
    /// </summary>
    public const int MaxMessagesPerChain = 512;

    /// <summary>
    /// The most message keys one received message may make us skip (and derive) beyond the keys we already hold: the
    /// previous chain's missing messages plus the jump within the new chain. More: <c>jump_too_far</c>, before any key
    /// is derived. Equal to the chain limit.
    /// </summary>
    public const int MaxForwardJump = MaxMessagesPerChain;

    /// <summary>
    /// The most skipped message keys one session stores (two full chains). Beyond it the oldest are evicted (as in
    /// libsignal): a message whose key was evicted then fails as <c>evicted_key</c>
    /// (the positions of evicted keys are remembered within the same bound). Rejecting new messages instead would let
    /// a lossy link, or a relay forging the unauthenticated counters, make the session unusable for good.
    /// </summary>
    public const int MaxStoredSkippedKeys = 2 * MaxMessagesPerChain;

    /// <summary>
    /// How many closed receiving chains of a one-to-one session are remembered (the peer's root sequence and how many
    /// positions we derived on it: 8 bytes each), so that a message of an old chain that finds no key can be told apart:
    /// a position we derived is a <c>replay</c> (or <c>evicted_key</c>), one we never derived, or on a chain older than
    /// these, a <c>superseded_chain</c>. The reference keeps no such record (it has no limits and no error taxonomy).
    /// </summary>
    public const int MaxRememberedClosedChains = 64;

    /// <summary>
    /// How long a group session replaced by a membership change (removal, leave, renewal) stays able to decrypt messages
    /// still in flight for it; afterwards its chains are dropped (forward secrecy at the group layer). Measured on the
    /// injected clock.
    /// </summary>
    public static readonly TimeSpan RetiredGroupSessionGrace = TimeSpan.FromHours(1);

    /// <summary>
    /// At most this many retired group sessions are kept per group, however recent (oldest dropped first): a message in
    /// flight across more removals than this is lost (<c>unknown_group_session</c>). Eight (two until issue 11, then four):
    /// the convergence soak removes up to five members back to back while a message is in flight (membership mix, seed
    /// 2618), and eight matches <see cref="MaxRetiredGroupChains"/>, the adds a chain is kept across.
    /// </summary>
    public const int MaxRetiredGroupSessions = 8;

    /// <summary>
    /// At most this many retired positions are kept per member chain (each add replaces every chain in place, keeping
    /// the session id), however recent (oldest dropped first): a member's message written before more adds than this,
    /// still in flight, is lost. Bounded in time by <see cref="RetiredGroupSessionGrace"/> as well.
    /// </summary>
    public const int MaxRetiredGroupChains = 8;

    /// <summary>Length of a group seed (REFERENCE-BEHAVIOUR §35: gen_rand(32)).</summary>
    public const int GroupSeedLength = 32;

    /// <summary>One-time pre-keys an account creates at first and per refill (REFERENCE-BEHAVIOUR §14: E2EES_ONE_TIME_PRE_KEY_INITIAL_NUM).</summary>
    public const int OneTimePreKeyBatch = 100;

    /// <summary>
    /// The most unused one-time pre-keys a device holds: a SupplyOpksMsg asking for more is answered only up to it (a
    /// server cannot make a device's state grow without bound).
    /// </summary>
    public const int MaxUnusedOneTimePreKeys = 10 * OneTimePreKeyBatch;

    /// <summary>Signed pre-key lifetime (REFERENCE-BEHAVIOUR §16: E2EES_SIGNED_PRE_KEY_EXPIRATION_MS = 604 800 000 ms).</summary>
    public static readonly TimeSpan SignedPreKeyTtl = TimeSpan.FromDays(7);

    /// <summary>How many signed pre-keys an account keeps (current + previous) so in-flight invites still succeed (REFERENCE-BEHAVIOUR §16).</summary>
    public const int RetainedSignedPreKeys = 2;

    /// <summary>Length of root keys and chain keys (SHA-256 output).</summary>
    public const int ChainKeyLength = 32;

    /// <summary>Length of a message key: AES-256 key (32) ‖ GCM IV (16) (REFERENCE-BEHAVIOUR §10).</summary>
    public const int MessageKeyLength = 48;
}
