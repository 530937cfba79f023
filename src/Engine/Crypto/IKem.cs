using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// The key-agreement half of a cipher suite (seed 000 §Cipher Suites: <c>asym_key_gen</c>; REFERENCE-BEHAVIOUR §7).
/// Post-quantum suites are real KEMs; the ECC suite is X25519 Diffie-Hellman, for which
/// <see cref="IsDiffieHellman"/> is true and <see cref="Encapsulate"/> is not used by the protocol.
/// </summary>
public interface IKem
{
    /// <summary>The algorithm's name (e.g. <c>ML-KEM-1024</c>, <c>X25519</c>).</summary>
    string Name { get; }

    /// <summary>The AlgTypeKem value of the pack id (Wire/Protos/AlgTypeKem.proto).</summary>
    uint AlgType { get; }

    /// <summary>True for X25519: session creation and ratchet steps use DH instead of encapsulation.</summary>
    bool IsDiffieHellman { get; }

    /// <summary>Public-key length in bytes.</summary>
    int PublicKeyLength { get; }

    /// <summary>Private-key length in bytes.</summary>
    int PrivateKeyLength { get; }

    /// <summary>KEM ciphertext length; for X25519 the public-key length (what travels as a ratchet key).</summary>
    int CiphertextLength { get; }

    /// <summary>Shared-secret length in bytes.</summary>
    int SharedSecretLength { get; }

    /// <summary>
    /// Whether <paramref name="publicKey"/> is a valid public key of this KEM: the right length and a canonical encoding
    /// (ML-KEM: the FIPS 203 §7.2 modulus check; X25519: u &lt; 2^255 − 19 with bit 255 clear). Peer keys are checked
    /// with this before use, so a hostile key is a protocol error, never an exception.
    /// </summary>
    bool IsValidPublicKey(ReadOnlySpan<byte> publicKey);

    /// <summary>Generates a key pair. ML-KEM draws d‖z (64 bytes); X25519 draws 32 bytes and clamps them (REFERENCE-BEHAVIOUR §6, 7).</summary>
    KeyPair GenerateKeyPair(IRandomSource random);

    /// <summary>Encapsulates to <paramref name="publicKey"/>. ML-KEM draws m (32 bytes).</summary>
    KemEncapsulation Encapsulate(ReadOnlySpan<byte> publicKey, IRandomSource random);

    /// <summary>Decapsulates (KEM) or computes DH(privateKey, ciphertext-as-public-key) (X25519).</summary>
    SecretBytes Decapsulate(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> ciphertext);

    /// <summary>
    /// Decapsulates with <paramref name="ours"/>'s private key. Same output as the span overload; a KEM may keep its
    /// decoded private key on the pair (ML-KEM does, <see cref="DecodedPrivateKey"/>) so a long-lived key — an identity
    /// or signed pre-key — is decoded once.
    /// </summary>
    SecretBytes Decapsulate(KeyPair ours, ReadOnlySpan<byte> ciphertext) =>
        Decapsulate((ours ?? throw new ArgumentNullException(nameof(ours))).PrivateKey.Span, ciphertext);
}
