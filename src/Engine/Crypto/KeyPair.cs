namespace E2eeConformance.Engine.Crypto;

/// <summary>An asymmetric key pair in the reference's raw encodings (REFERENCE-BEHAVIOUR §3).</summary>
public sealed class KeyPair(byte[] publicKey, SecretBytes privateKey)
{
    /// <summary>The public key in its raw encoding.</summary>
    public byte[] PublicKey { get; } = publicKey;

    /// <summary>The private key (zeroed on dispose, never printed).</summary>
    public SecretBytes PrivateKey { get; } = privateKey;

    /// <summary>
    /// Per-key work the scheme that uses this pair derived once and keeps with it: curve25519's public point
    /// (<see cref="Curve25519PublicPoint"/>, public) or a decoded ML-DSA / ML-KEM private key (<see cref="DecodedPrivateKey"/>,
    /// secret). Owned by this pair alone — no process-wide cache refers to it — and never printed (<see cref="ToString"/>
    /// leaves it out). Set only by the scheme, through <see cref="ISignatureScheme.Sign(KeyPair, ReadOnlySpan{byte}, Ports.IRandomSource)"/>
    /// or <see cref="IKem.Decapsulate(KeyPair, ReadOnlySpan{byte})"/>.
    /// </summary>
    internal object? SchemeCache { get; set; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"KeyPair(public {PublicKey.Length} B {Convert.ToHexStringLower(PublicKey.AsSpan(0, Math.Min(4, PublicKey.Length)))}…, private {PrivateKey})";
}
