namespace E2eeConformance.Engine.Crypto;

/// <summary>An asymmetric key pair in the reference's raw encodings (REFERENCE-BEHAVIOUR §3).</summary>
public sealed class KeyPair(byte[] publicKey, SecretBytes privateKey)
{
    /// <summary>The public key in its raw encoding.</summary>
    public byte[] PublicKey { get; } = publicKey;

    /// <summary>The private key (zeroed on dispose, never printed).</summary>
    public SecretBytes PrivateKey { get; } = privateKey;

    /// <summary>
    /// Public per-key work a signature scheme derived from this pair once (curve25519: <see cref="Curve25519PublicPoint"/>);
    /// never secret material. Set only by the scheme, through <see cref="ISignatureScheme.Sign(KeyPair, ReadOnlySpan{byte}, Ports.IRandomSource)"/>.
    /// </summary>
    internal object? SignerCache { get; set; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"KeyPair(public {PublicKey.Length} B {Convert.ToHexStringLower(PublicKey.AsSpan(0, Math.Min(4, PublicKey.Length)))}…, private {PrivateKey})";
}
