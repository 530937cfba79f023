using System.Security.Cryptography;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// A secret byte string (private key, chain key, message key, shared secret) (STYLE #7).
/// Zeroes its bytes on dispose, compares in constant time and never prints its content:
/// <see cref="ToString"/> shows a short fingerprint (first 4 bytes of SHA-256 of the value).
/// </summary>
/// <remarks>
/// <para><b>Ownership rule for secret bytes</b> (the whole engine follows it):</para>
/// <list type="number">
/// <item><description>Secret bytes live in a <see cref="SecretBytes"/> or in a type that owns its buffer privately
/// (<see cref="ChainKey"/>, <see cref="MessageKey"/>) and hands out read-only views, copying only on an explicit
/// <c>ToArray</c> for serialization.</description></item>
/// <item><description>Immutable states (sessions, ratchets, accounts) that share a key share one immutable handle; a
/// state never disposes a handle it holds, because another state may still hold it. A handle is disposed only by the
/// code that created it and knows it was never shared (temporaries, the parts consumed by
/// <c>SharedSecret.Concat</c>).</description></item>
/// <item><description>A secret is never stored in a <see cref="List{T}"/> of bytes, a static field or cache, a
/// <see cref="string"/>, or the result of a <c>ToString</c>.</description></item>
/// <item><description><c>ToString</c> of a secret type shows only a fingerprint computed from the span directly
/// (<see cref="Fingerprint"/>), never from a copy of the secret.</description></item>
/// <item><description>Temporary secret buffers (stackalloc, rented arrays, arrays returned by a derivation) are wiped
/// with <see cref="CryptographicOperations.ZeroMemory"/> as soon as they have been used.</description></item>
/// </list>
/// </remarks>
public sealed class SecretBytes : IEquatable<SecretBytes>, IDisposable
{
    private readonly byte[] _bytes;

    private SecretBytes(byte[] bytes) => _bytes = bytes;

    /// <summary>Takes ownership of <paramref name="bytes"/> (the caller must not keep using the array).</summary>
    public static SecretBytes Own(byte[] bytes) => new(bytes ?? throw new ArgumentNullException(nameof(bytes)));

    /// <summary>Copies <paramref name="bytes"/>.</summary>
    public static SecretBytes Copy(ReadOnlySpan<byte> bytes) => new(bytes.ToArray());

    /// <summary>The empty secret.</summary>
    public static SecretBytes Empty { get; } = new([]);

    /// <summary>Length in bytes.</summary>
    public int Length => _bytes.Length;

    /// <summary>The bytes (a view; <see cref="ToArray"/> copies them).</summary>
    public ReadOnlySpan<byte> Span => _bytes;

    /// <summary>A copy of the secret, for serialization into state or vectors.</summary>
    public byte[] ToArray() => (byte[])_bytes.Clone();

    /// <summary>Same bytes, compared in constant time.</summary>
    public bool Equals(SecretBytes? other) =>
        other is not null && CryptographicOperations.FixedTimeEquals(_bytes, other._bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SecretBytes other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _bytes.Length;

    /// <summary>
    /// Whether <see cref="Dispose"/> has run: a scheme that keeps work derived from these bytes (a decoded private key
    /// on a <see cref="KeyPair"/>, <see cref="DecodedPrivateKey"/>) stops using it once they are wiped.
    /// </summary>
    internal bool IsDisposed { get; private set; }

    /// <summary>Zeroes the bytes.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_bytes);
        IsDisposed = true;
    }

    /// <inheritdoc/>
    public override string ToString() => Fingerprint(_bytes);

    /// <summary>
    /// The printable fingerprint of <paramref name="secret"/>: its length and the first 4 bytes of its SHA-256, hashed
    /// from the span directly so no copy of the secret is allocated; the digest buffer is wiped after use.
    /// </summary>
    public static string Fingerprint(ReadOnlySpan<byte> secret)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(secret, digest);
        string text = $"secret[{secret.Length}]#{Convert.ToHexStringLower(digest[..4])}";
        CryptographicOperations.ZeroMemory(digest);
        return text;
    }
}
