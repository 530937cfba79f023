using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Engine.Accounts;

/// <summary>
/// An account's identity key: a KEM (ECC: X25519) pair and a signature pair (seed 000 §Account; REFERENCE-BEHAVIOUR §14).
/// </summary>
public sealed record IdentityKey(KeyPair Asym, KeyPair Sign)
{
    /// <summary>
    /// Draws a fresh identity key for <paramref name="suite"/>: a KEM pair, then a signature pair, from
    /// <paramref name="random"/>.
    /// </summary>
    public static IdentityKey Generate(CipherSuite suite, IRandomSource random) =>
        new(suite.Kem.GenerateKeyPair(random), suite.Signature.GenerateKeyPair(random));

    /// <summary>The public halves, as published in the account's pre-key bundles.</summary>
    public IdentityKeyPublic Public => new(Asym.PublicKey, Sign.PublicKey);

    /// <inheritdoc/>
    public override string ToString() => $"IdentityKey(asym {Asym}, sign {Sign})";
}
