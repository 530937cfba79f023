using System.Security.Cryptography;
using E2eeConformance.Engine.Ports;
using Org.BouncyCastle.Math.EC.Rfc7748;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// The key-agreement half of the ECC suite (AlgTypeKem 0): X25519 Diffie-Hellman (RFC 7748 §5) presented as an
/// <see cref="IKem"/> (REFERENCE-BEHAVIOUR §3, 6, 7). Keys and the shared secret are 32 bytes; private keys are stored
/// already clamped (crypto.c:crypto_curve25519_generate_private_key); "decapsulation" is DH(our private, their public).
/// The DH is our constant-time ladder (<see cref="X25519Ladder"/>); a new key pair's public key comes from the signer's
/// constant-time Edwards fixed-base table (<see cref="Edwards25519.ScalarMultBaseMontgomeryU"/>, twice as fast as the
/// ladder, issue 17 §4: a device makes 100 one-time pre-keys when it registers); a public key from any given private
/// bytes (clamped or not) is BouncyCastle's fixed-base <c>X25519.ScalarMultBase</c>, which clamps.
/// </summary>
/// <remarks>
/// The shared secret is returned as computed, as curve25519-donna does: an all-zero result (a low-order peer key) is
/// not rejected here; a caller that wants to refuse it can test the secret.
/// </remarks>
public sealed class X25519Kem : IKem
{
    /// <summary>Public key, private key, ciphertext (= public key) and shared-secret length (REFERENCE-BEHAVIOUR §3).</summary>
    public const int KeyLength = 32;

    /// <summary>The shared stateless instance (used by <see cref="CipherSuite"/>).</summary>
    public static X25519Kem Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => "X25519";

    /// <inheritdoc/>
    public uint AlgType => 0;

    /// <inheritdoc/>
    public bool IsDiffieHellman => true;

    /// <inheritdoc/>
    public int PublicKeyLength => KeyLength;

    /// <inheritdoc/>
    public int PrivateKeyLength => KeyLength;

    /// <inheritdoc/>
    public int CiphertextLength => KeyLength;

    /// <inheritdoc/>
    public int SharedSecretLength => KeyLength;

    /// <summary>
    /// A canonical X25519 u-coordinate: 32 bytes, bit 255 clear and u &lt; p = 2^255 − 19. Honest keys always are
    /// (X25519 outputs are reduced mod p); X25519 itself ignores bit 255 and reduces u, so two encodings of one key would
    /// otherwise both be accepted and compare unequal as ratchet keys.
    /// </summary>
    public bool IsValidPublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != KeyLength || (publicKey[31] & 0x80) != 0)
        {
            return false;
        }

        // u >= p exactly when u is 2^255 - 19 … 2^255 - 1: byte 31 = 0x7f, bytes 30..1 = 0xff, byte 0 >= 0xed.
        if (publicKey[31] != 0x7F || publicKey[0] < 0xED)
        {
            return true;
        }

        for (int i = 1; i < 31; i++)
        {
            if (publicKey[i] != 0xFF)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Draws exactly 32 bytes, clamps them (<c>r[0] &amp;= 248; r[31] &amp;= 127; r[31] |= 64</c>) and stores the clamped
    /// scalar; public = X25519(priv, 9) (REFERENCE-BEHAVIOUR §6; RFC 7748 §5).
    /// </summary>
    public KeyPair GenerateKeyPair(IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        byte[] privateKey = new byte[KeyLength];
        random.Fill(privateKey);
        Clamp(privateKey);
        byte[] publicKey = new byte[KeyLength];
        Edwards25519.ScalarMultBaseMontgomeryU(privateKey, publicKey); // = X25519(k, 9), on the signer's fixed-base table
        return new KeyPair(publicKey, SecretBytes.Own(privateKey));
    }

    /// <summary>
    /// Ephemeral-static DH: a fresh key pair e from <paramref name="random"/> (32 bytes), ciphertext = e's public key,
    /// secret = X25519(e, <paramref name="publicKey"/>). The protocol never encapsulates with X25519 (REFERENCE-BEHAVIOUR §2, 7:
    /// the reference's ECC <c>encaps</c> is NULL); this exists so the suite is a complete <see cref="IKem"/>.
    /// </summary>
    public KemEncapsulation Encapsulate(ReadOnlySpan<byte> publicKey, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        RequireLength(publicKey, nameof(publicKey));
        Span<byte> ephemeral = stackalloc byte[KeyLength];
        try
        {
            random.Fill(ephemeral);
            Clamp(ephemeral);
            byte[] ciphertext = new byte[KeyLength];
            Edwards25519.ScalarMultBaseMontgomeryU(ephemeral, ciphertext);
            byte[] secret = new byte[KeyLength];
            X25519Ladder.ScalarMult(ephemeral, publicKey, secret);
            return new KemEncapsulation(ciphertext, SecretBytes.Own(secret));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ephemeral);
        }
    }

    /// <summary>X25519(privateKey, ciphertext) — the "KEM decaps" slot of the ECC suite is DH (REFERENCE-BEHAVIOUR §7; RFC 7748 §6.1).</summary>
    public SecretBytes Decapsulate(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> ciphertext)
    {
        RequireLength(privateKey, nameof(privateKey));
        RequireLength(ciphertext, nameof(ciphertext));
        byte[] secret = new byte[KeyLength];
        X25519Ladder.ScalarMult(privateKey, ciphertext, secret);
        return SecretBytes.Own(secret);
    }

    /// <summary>The Montgomery u-coordinate X25519(a, 9) of a 32-byte private scalar a (REFERENCE-BEHAVIOUR §5, 6).</summary>
    public static byte[] PublicKeyFromPrivate(ReadOnlySpan<byte> privateKey)
    {
        RequireLength(privateKey, nameof(privateKey));
        byte[] publicKey = new byte[KeyLength];
        X25519.ScalarMultBase(privateKey, publicKey);
        return publicKey;
    }

    /// <summary>The reference's clamp (crypto.c:crypto_curve25519_generate_private_key; RFC 7748 §5 decodeScalar25519).</summary>
    internal static void Clamp(Span<byte> scalar)
    {
        scalar[0] &= 248;
        scalar[31] &= 127;
        scalar[31] |= 64;
    }

    private static void RequireLength(ReadOnlySpan<byte> value, string name)
    {
        if (value.Length != KeyLength)
        {
            throw new ArgumentException($"X25519 keys are {KeyLength} bytes, got {value.Length}.", name);
        }
    }
}
