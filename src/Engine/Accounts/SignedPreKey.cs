using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Accounts;

/// <summary>
/// A signed pre-key: a KEM (ECC: X25519) pair whose public key is signed by the identity signature key, valid until
/// <see cref="ExpiresAtMs"/> (seed 000 §Account; REFERENCE-BEHAVIOUR §15, 16: signature over the public key bytes only,
/// ttl = now + 7 days).
/// </summary>
public sealed record SignedPreKey(uint Id, KeyPair KeyPair, byte[] Signature, long ExpiresAtMs)
{
    /// <summary>
    /// Draws a signed pre-key with id <paramref name="id"/> (seed 000 §Account): a fresh KEM pair whose public key
    /// <paramref name="identity"/> signs, valid for <see cref="ProtocolLimits.SignedPreKeyTtl"/> from
    /// <paramref name="nowMs"/> (Unix milliseconds).
    /// </summary>
    /// <exception cref="OverflowException">The expiry does not fit in a long.</exception>
    public static SignedPreKey Generate(CipherSuite suite, IdentityKey identity, uint id, long nowMs, IRandomSource random)
    {
        KeyPair pair = suite.Kem.GenerateKeyPair(random);
        byte[] signature = suite.Signature.Sign(identity.Sign, pair.PublicKey, random);
        return new SignedPreKey(id, pair, signature, checked(nowMs + (long)ProtocolLimits.SignedPreKeyTtl.TotalMilliseconds));
    }

    /// <summary>
    /// Whether the key has expired at <paramref name="nowMs"/> (Unix milliseconds): strictly after
    /// <see cref="ExpiresAtMs"/>.
    /// </summary>
    public bool IsExpiredAt(long nowMs) => nowMs > ExpiresAtMs;

    /// <summary>The public half with its signature, as published to the server (SignedPreKeyPublic.proto).</summary>
    public Wire.SignedPreKeyPublic ToPublicWire() => new()
    {
        SpkId = Id,
        PublicKey = Google.Protobuf.ByteString.CopyFrom(KeyPair.PublicKey),
        Signature = Google.Protobuf.ByteString.CopyFrom(Signature),
    };

    /// <inheritdoc/>
    public override string ToString() => $"SignedPreKey(id {Id}, {KeyPair}, expires {ExpiresAtMs})";
}
