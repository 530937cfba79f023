using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// The digital-signature half of a cipher suite (seed 000 §Cipher Suites: <c>ds_key_gen</c>, <c>sign</c>, <c>verify</c>;
/// REFERENCE-BEHAVIOUR §4, 5).
/// </summary>
public interface ISignatureScheme
{
    string Name { get; }

    /// <summary>The AlgTypeDs value of the pack id (Wire/Protos/AlgTypeDs.proto).</summary>
    uint AlgType { get; }

    int PublicKeyLength { get; }

    int PrivateKeyLength { get; }

    int SignatureLength { get; }

    KeyPair GenerateKeyPair(IRandomSource random);

    /// <summary>Signs <paramref name="message"/>; hedged schemes draw their randomness from <paramref name="random"/>.</summary>
    byte[] Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message, IRandomSource random);

    /// <summary>Verifies; returns false (never throws) for a wrong-length key or signature or a bad signature.</summary>
    bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);
}
