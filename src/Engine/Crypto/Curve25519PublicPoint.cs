namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// A curve25519 signer's Edwards public point A = a·B in its RFC 8032 §5.1.2 encoding (y with the parity of x in
/// bit 7 of byte 31): the per-key part of libsignal <c>curve25519_sign</c> (REFERENCE-BEHAVIOUR §5), computed once per
/// <see cref="KeyPair"/> and kept on it. It holds public data only (A is what a verifier reconstructs from the published
/// u and the signature's sign bit), never the private scalar; there is no process-wide cache.
/// </summary>
internal sealed class Curve25519PublicPoint
{
    private readonly byte[] _encoded;

    private Curve25519PublicPoint(byte[] encoded) => _encoded = encoded;

    /// <summary>The 32-byte encoding of A.</summary>
    public ReadOnlySpan<byte> Encoded => _encoded;

    /// <summary>
    /// A for <paramref name="signer"/>'s private key: the one cached on the pair, or computed (one fixed-base scalar
    /// multiplication) and cached. Two threads racing here compute the same value; either may win.
    /// </summary>
    public static Curve25519PublicPoint Of(KeyPair signer)
    {
        if (signer.SchemeCache is Curve25519PublicPoint cached)
        {
            return cached;
        }

        byte[] encoded = new byte[Edwards25519.EncodedLength];
        Edwards25519.ScalarMultBaseEncoded(signer.PrivateKey.Span, encoded);
        var point = new Curve25519PublicPoint(encoded);
        signer.SchemeCache = point;
        return point;
    }
}
