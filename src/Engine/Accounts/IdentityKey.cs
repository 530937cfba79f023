using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Engine.Accounts;

/// <summary>
/// An account's identity key: a KEM (ECC: X25519) pair and a signature pair (seed 000 §Account; REFERENCE-BEHAVIOUR §14).
/// </summary>
public sealed record IdentityKey(KeyPair Asym, KeyPair Sign)
{
    public static IdentityKey Generate(CipherSuite suite, IRandomSource random) =>
        new(suite.Kem.GenerateKeyPair(random), suite.Signature.GenerateKeyPair(random));

    public IdentityKeyPublic Public => new(Asym.PublicKey, Sign.PublicKey);

    public override string ToString() => $"IdentityKey(asym {Asym}, sign {Sign})";
}
