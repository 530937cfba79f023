using System.Security.Cryptography;
using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// The signature half of the ECC suite (AlgTypeDs 0): libsignal's <c>curve25519_sign</c> / <c>curve25519_verify</c>
/// (lib/curve25519/ed25519/additions/curve_sigs.c), exactly as the reference computes it (REFERENCE-BEHAVIOUR §5).
/// Not XEdDSA and not Ed25519 keys: the private key is the clamped X25519 scalar a (32 bytes), the public key is the
/// Montgomery u = X25519(a, 9) (32 bytes), signatures are 64 bytes.
/// </summary>
/// <remarks>
/// Sign: A = a·B (Edwards), r = SHA-512(0xFE ‖ 0xFF×31 ‖ a ‖ M ‖ Z) mod L with Z = 64 random bytes,
/// R = r·B, h = SHA-512(R ‖ A ‖ M) mod L, S = (r + h·a) mod L, signature = R ‖ S with the sign bit of A in bit 7 of
/// byte 63. Verify: y = (u − 1)/(u + 1), the sign bit moves from the signature into the Edwards key, then RFC 8032
/// Ed25519 verification with BouncyCastle 2.7's acceptance rules (<see cref="Curve25519Verification"/>). Verification
/// is strict where the reference is lax: a non-canonical u (bit 255 set or u ≥ p, which X25519 never outputs) is
/// rejected instead of being reduced, and so are non-canonical R, S ≥ L and small-order keys.
/// </remarks>
public sealed class Curve25519Signature : ISignatureScheme
{
    /// <summary>Public and private key length in bytes.</summary>
    public const int KeyLength = 32;

    /// <summary>Signature length in bytes (R ‖ S with the sign bit of A in bit 7 of byte 63).</summary>
    public const int SignatureBytes = 64;

    /// <summary>Number of random bytes Z drawn per signature (crypto.c:CURVE25519_crypto_sign_signature).</summary>
    public const int NonceRandomLength = 64;

    private const int HashLength = 64;

    /// <summary>The shared stateless instance (used by <see cref="CipherSuite"/>).</summary>
    public static Curve25519Signature Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => "curve25519";

    /// <inheritdoc/>
    public uint AlgType => 0;

    /// <inheritdoc/>
    public int PublicKeyLength => KeyLength;

    /// <inheritdoc/>
    public int PrivateKeyLength => KeyLength;

    /// <inheritdoc/>
    public int SignatureLength => SignatureBytes;

    /// <summary>
    /// 32 random bytes, clamped, pub = X25519(a, 9) (crypto.c:CURVE25519_crypto_sign_keypair, REFERENCE-BEHAVIOUR §5). The
    /// reference's sign/verify self-test loop is omitted: the construction cannot fail.
    /// </summary>
    public KeyPair GenerateKeyPair(IRandomSource random) => X25519Kem.Instance.GenerateKeyPair(random);

    /// <summary>
    /// libsignal <c>curve25519_sign</c> with Z drawn from <paramref name="random"/> (REFERENCE-BEHAVIOUR §5). Computes
    /// A = a·B for this one signature; <see cref="Sign(KeyPair, ReadOnlySpan{byte}, IRandomSource)"/> reuses it.
    /// </summary>
    public byte[] Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        CheckPrivateKey(privateKey);
        Span<byte> publicA = stackalloc byte[Edwards25519.EncodedLength];
        Edwards25519.ScalarMultBaseEncoded(privateKey, publicA); // ge_scalarmult_base + ge_p3_tobytes
        return SignWithPublicPoint(privateKey, publicA, message, random);
    }

    /// <summary>
    /// libsignal <c>curve25519_sign</c> with the signer's Edwards public point A = a·B computed once per key pair and
    /// kept on it (<see cref="Curve25519PublicPoint"/>: public data only), so a signature costs one scalar
    /// multiplication (R = r·B) instead of two. Same output as the span overload for the same random bytes.
    /// </summary>
    public byte[] Sign(KeyPair signer, ReadOnlySpan<byte> message, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(random);
        ReadOnlySpan<byte> privateKey = signer.PrivateKey.Span;
        CheckPrivateKey(privateKey);
        Curve25519PublicPoint point = Curve25519PublicPoint.Of(signer);
        return SignWithPublicPoint(privateKey, point.Encoded, message, random);
    }

    private static void CheckPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != KeyLength)
        {
            throw new ArgumentException($"curve25519 private keys are {KeyLength} bytes, got {privateKey.Length}.", nameof(privateKey));
        }
    }

    /// <summary>
    /// crypto_sign_modified with A given: r = SHA-512(0xFE ‖ 0xFF×31 ‖ a ‖ M ‖ Z) mod ℓ, R = r·B,
    /// h = SHA-512(R ‖ A ‖ M) mod ℓ, S = (r + h·a) mod ℓ (RFC 8032 §5.1.6 steps 2–5 with the nonce prefix of
    /// REFERENCE-BEHAVIOUR §5). Scalars go through the constant-time <see cref="Scalar25519"/>.
    /// </summary>
    private static byte[] SignWithPublicPoint(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicA, ReadOnlySpan<byte> message, IRandomSource random)
    {
        Span<byte> z = stackalloc byte[NonceRandomLength];
        Span<byte> digest = stackalloc byte[HashLength];
        Span<byte> r = stackalloc byte[Scalar25519.Length];
        Span<byte> h = stackalloc byte[Scalar25519.Length];
        Span<byte> head = stackalloc byte[2 * Scalar25519.Length];
        byte[] signature = new byte[SignatureBytes];
        Span<byte> bigR = signature.AsSpan(0, 32);
        Span<byte> s = signature.AsSpan(32, 32);
        try
        {
            random.Fill(z);
            byte signBit = (byte)(publicA[31] & 0x80);

            head.Fill(0xFF);
            head[0] = 0xFE;
            privateKey.CopyTo(head[32..]);
            Sha512Parts.Hash(head, message, z, digest);
            Scalar25519.Reduce(digest, r);

            Edwards25519.ScalarMultBaseEncoded(r, bigR);
            bigR.CopyTo(head);
            publicA.CopyTo(head[32..]);
            Sha512Parts.Hash(head, message, [], digest);
            Scalar25519.Reduce(digest, h);

            // S < ℓ < 2^253, so bit 7 of byte 63 is free for the sign bit of A.
            Scalar25519.MulAdd(h, privateKey, r, s);
            signature[63] &= 0x7F;
            signature[63] |= signBit;
            return signature;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(z);
            CryptographicOperations.ZeroMemory(digest);
            CryptographicOperations.ZeroMemory(r);
            CryptographicOperations.ZeroMemory(head);
        }
    }

    /// <summary>
    /// libsignal <c>curve25519_verify</c> (REFERENCE-BEHAVIOUR §5): converts u to the Edwards y, takes the sign bit from
    /// signature byte 63, clears it there, and runs RFC 8032 §5.1.7 verification (<see cref="Curve25519Verification"/>).
    /// Never throws on peer input.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != KeyLength || signature.Length != SignatureBytes)
        {
            return false;
        }

        return Curve25519Verification.Verify(publicKey, message, signature);
    }
}
