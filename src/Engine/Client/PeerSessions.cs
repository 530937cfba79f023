using System.Collections.Immutable;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// A device's one-to-one sessions with one peer device, newest first (an old session stays to decrypt messages still
/// in flight for it), and the plaintexts waiting for the newest outbound session's accept (seed 000 §PQKA: "The
/// outbound session is not able to send encrypted messages before receiving an accept message"), and the peer's
/// messages that overtook that accept (<see cref="Early"/>), and the peer's messages that arrived too far ahead of their
/// chain to be read yet (<see cref="HeldForGap"/>).
/// </summary>
public sealed record PeerSessions(Wire.E2eeAddress Peer, ImmutableList<OneToOneSession> Sessions, ImmutableList<Wire.Plaintext> Waiting)
{
    /// <summary>
    /// How many sessions per peer are kept: the newest and up to five older ones, so a message delayed while its sender
    /// renewed the session five times at the 512 limit (2,560 later messages) still decrypts. An older session also goes
    /// once it is <see cref="RetiredSessionMaxAge"/> older than the newest.
    /// </summary>
    public const int MaxSessionsPerPeer = 6;

    /// <summary>
    /// How much older than the newest session (by invite time) a kept session may be: a message delayed longer than this
    /// is not waited for. A week, the signed pre-key's lifetime (REFERENCE-BEHAVIOUR §16).
    /// </summary>
    public static readonly TimeSpan RetiredSessionMaxAge = TimeSpan.FromDays(7);

    /// <summary>
    /// How many of the peer's messages for the session awaiting its accept are kept until the accept arrives. The peer
    /// may write as soon as it accepted, so its first messages can overtake the AcceptMsg on a reordering network.
    /// </summary>
    public const int MaxEarlyMessages = 64;

    /// <summary>Messages in the session that awaits its accept, which arrived before the accept; read once it comes.</summary>
    public ImmutableList<Wire.E2eeMsg> Early { get; init; } = [];

    /// <summary>
    /// How many of the peer's messages that would skip more than <see cref="ProtocolLimits.MaxForwardJump"/> keys are
    /// held until the gap before them narrows (issue 11: honest reordering across two chains can exceed the jump). They
    /// are not authenticated — the tag cannot be checked without the key — so the bound is what stops a flood: when it is
    /// reached a newcomer is refused (<c>jump_too_far</c>) and nothing held is evicted.
    /// </summary>
    public const int MaxHeldForGap = 64;

    /// <summary>
    /// The peer's messages that were too far ahead of their chain (<c>jump_too_far</c>), in arrival order; each is retried
    /// after every message from this peer that decrypts. Unauthenticated and bounded by <see cref="MaxHeldForGap"/>.
    /// </summary>
    public ImmutableList<Wire.E2eeMsg> HeldForGap { get; init; } = [];

    /// <summary>No session with <paramref name="peer"/> yet.</summary>
    public static PeerSessions Empty(Wire.E2eeAddress peer) => new(peer.Clone(), [], []);

    /// <summary>The newest session (the one used to send), or null when there is none.</summary>
    public OneToOneSession? Newest => Sessions.IsEmpty ? null : Sessions[0];

    /// <summary>
    /// These sessions with <paramref name="session"/> first (replacing a session with the same id); the oldest beyond
    /// <see cref="MaxSessionsPerPeer"/> are dropped, and those invited more than <see cref="RetiredSessionMaxAge"/> before it.
    /// </summary>
    public PeerSessions WithNewest(OneToOneSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        long oldest = session.Info.InviteT - (long)RetiredSessionMaxAge.TotalMilliseconds;
        ImmutableList<OneToOneSession> sessions = Sessions.RemoveAll(s => s.Info.SessionId == session.Info.SessionId || s.Info.InviteT < oldest).Insert(0, session);
        return this with { Sessions = sessions.Count > MaxSessionsPerPeer ? sessions.RemoveRange(MaxSessionsPerPeer, sessions.Count - MaxSessionsPerPeer) : sessions };
    }

    /// <summary>
    /// These sessions with <paramref name="session"/> replacing the one with the same id, in place; added as the newest
    /// when there is none.
    /// </summary>
    public PeerSessions WithUpdated(OneToOneSession session)
    {
        int i = Sessions.FindIndex(s => s.Info.SessionId == session.Info.SessionId);
        return i < 0 ? WithNewest(session) : this with { Sessions = Sessions.SetItem(i, session) };
    }

    /// <inheritdoc/>
    public override string ToString() => $"PeerSessions({Addresses.Format(Peer)}, {Sessions.Count} sessions, {Waiting.Count} waiting, {Early.Count} early, {HeldForGap.Count} held for a gap)";
}
