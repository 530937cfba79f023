using E2eeConformance.Engine.Crypto;

namespace E2eeConformance.Engine.Sessions;

/// <summary>
/// The sending half of the double ratchet (Ratchet.proto SenderChainNode; REFERENCE-BEHAVIOUR §23, 24, 30).
/// <see cref="OurRatchetKey"/> travels in every payload of this chain as <c>ratchet_key</c>: a KEM ciphertext in
/// post-quantum suites, an X25519 public key in the ECC suite. <see cref="TheirRatchetKey"/> is the key the next
/// asymmetric step is taken against (PQC: the peer's static base key / signed pre-key; ECC: the peer's last ratchet key).
/// </summary>
public sealed record SenderChain(byte[] OurRatchetKey, byte[] TheirRatchetKey, ChainKey ChainKey)
{
    /// <inheritdoc/>
    public override string ToString() => $"SenderChain({ChainKey})";
}
