using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Sessions;

/// <summary>
/// What a one-to-one session knows besides its ratchet (Session.proto; seed 000 §Session): ids, addresses, the
/// associated data IK_A ‖ IK_B (REFERENCE-BEHAVIOUR §18), the fingerprint (REFERENCE-BEHAVIOUR §19; empty for ECC, §42), the invite time and
/// which of Bob's pre-keys were used. A one-time pre-key id of 0 means none was used (ids start at 1).
/// </summary>
public sealed record SessionInfo(
    string SessionId,
    CipherSuite Suite,
    ProtocolVersion Version,
    Wire.E2eeAddress OurAddress,
    Wire.E2eeAddress TheirAddress,
    byte[] AssociatedData,
    byte[] Fingerprint,
    long InviteT,
    uint BobSignedPreKeyId,
    uint BobOneTimePreKeyId)
{
    /// <inheritdoc/>
    public override string ToString() => $"Session({SessionId}, {Suite.Name}, {Addresses.Format(OurAddress)} → {Addresses.Format(TheirAddress)})";
}
