using E2eeConformance.Engine.Crypto;

namespace E2eeConformance.Engine.Sessions;

/// <summary>What an outbound session keeps between its InviteMsg and the peer's AcceptMsg.</summary>
public abstract record PendingHandshake;

/// <summary>
/// Post-quantum: k2 ‖ k3 [‖ k4] of the shared secret (k1 comes with the accept), Alice's base key pair and Bob's
/// signed pre-key, against which Alice takes her first KEM step (seed 000 §PQKA; REFERENCE-BEHAVIOUR §19, 24).
/// </summary>
public sealed record PendingKemHandshake(SecretBytes PartialSecret, KeyPair BaseKey, byte[] TheirSignedPreKey) : PendingHandshake;

/// <summary>
/// ECC (X3DH, REFERENCE-BEHAVIOUR §42): Alice can compute everything at invite time; the accept only confirms it
/// (<c>crypto_curve25519_complete_outbound_session</c> just sets <c>responded</c>).
/// </summary>
public sealed record PendingDhHandshake(RatchetState Ratchet, byte[] TheirSignedPreKey) : PendingHandshake;
