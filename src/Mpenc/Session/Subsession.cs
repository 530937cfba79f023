using System.Collections.Immutable;
using E2eeConformance.Mpenc.Messages;

namespace E2eeConformance.Mpenc.Session;

/// <summary>
/// A subsession of static membership (seed 003 §3.1, §3.6, §4.2): what an operation produced — the session id, the
/// group key (secret), the members in the agreement's order with their ephemeral public signing keys, this member's
/// ephemeral signing key (secret) — and what messaging keeps: the transcript, when each member was last heard from, who
/// is reported absent, when this member last sent, and once a later operation replaced it, when it closes.
/// </summary>
public sealed record Subsession(
    byte[] SessionId,
    byte[] GroupKey,
    ImmutableArray<string> Members,
    ImmutableDictionary<string, byte[]> AuthorKeys,
    byte[] SigningKey,
    Transcript Transcript,
    ImmutableDictionary<string, long> LastHeard,
    ImmutableHashSet<string> Absent,
    long StartedAtMs,
    long LastSentMs,
    long? ClosesAtMs)
{
    /// <summary>The session id in hex.</summary>
    public string SidHex => Convert.ToHexStringLower(SessionId);

    /// <summary>The trial-decryption hint of its packets: the first byte of H(sid ‖ gk) (§5.3).</summary>
    public byte Hint => DataMessage.SidKeyHash(SessionId, GroupKey)[0];

    /// <summary>A short fingerprint of the group key (SHA-256 of it, 8 hex digits) that tests and transcripts may show; the key itself never prints.</summary>
    public string KeyFingerprint => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(GroupKey))[..8];

    /// <summary>The readers of a message: every member but its author (§3.5).</summary>
    public IEnumerable<string> ReadersOf(string author) => Members.Where(m => m != author);

    /// <summary>Names the subsession without its secrets.</summary>
    public override string ToString() => $"Subsession({SidHex[..8]}, {Members.Length} members, {Transcript.Order.Count} messages)";
}
