using E2eeConformance.Mpenc.Errors;

namespace E2eeConformance.Mpenc.Session;

/// <summary>
/// A data packet no subsession of this member reads yet (seed 003 §4.2 step 5: kept to try again later — it may belong
/// to a subsession whose operation this member has not finished), with when it arrived and, if its one-byte hint named
/// a subsession it has or has closed, the refusal it gets if it is still unread when it expires (MP-19).
/// </summary>
public sealed record UnreadablePacket(string Packet, long ArrivedAtMs, MpencErrorCode? Refusal, string Detail);
