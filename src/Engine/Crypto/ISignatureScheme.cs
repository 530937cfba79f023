using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// The digital-signature half of a cipher suite (seed 000 §Cipher Suites: <c>ds_key_gen</c>, <c>sign</c>, <c>verify</c>;
/// REFERENCE-BEHAVIOUR §4, 5).
/// </summary>
public interface ISignatureScheme
{
    /// <summary>The algorithm's name (e.g. <c>ML-DSA-87</c>, <c>curve25519</c>).</summary>
    string Name { get; }

    /// <summary>The AlgTypeDs value of the pack id (Wire/Protos/AlgTypeDs.proto).</summary>
    uint AlgType { get; }

    /// <summary>Public-key length in bytes.</summary>
    int PublicKeyLength { get; }

    /// <summary>Private-key length in bytes.</summary>
    int PrivateKeyLength { get; }

    /// <summary>Signature length in bytes.</summary>
    int SignatureLength { get; }

    /// <summary>Generates a signature key pair from <paramref name="random"/>.</summary>
    KeyPair GenerateKeyPair(IRandomSource random);

    /// <summary>Signs <paramref name="message"/>; hedged schemes draw their randomness from <paramref name="random"/>.</summary>
    byte[] Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message, IRandomSource random);

    /// <summary>
    /// Signs <paramref name="message"/> with <paramref name="signer"/>'s private key. Same output as the span overload
    /// for the same randomness; a scheme may keep public per-key work on the pair (curve25519 keeps A = a·B) so repeated
    /// signatures with one key are cheaper.
    /// </summary>
    byte[] Sign(KeyPair signer, ReadOnlySpan<byte> message, IRandomSource random) =>
        Sign((signer ?? throw new ArgumentNullException(nameof(signer))).PrivateKey.Span, message, random);

    /// <summary>Verifies; returns false (never throws) for a wrong-length key or signature or a bad signature.</summary>
    bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);
}
