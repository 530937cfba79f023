using System.Security.Cryptography;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// A secret byte string (private key, chain key, message key, shared secret) (STYLE #7).
/// Zeroes its bytes on dispose, compares in constant time and never prints its content:
/// <see cref="ToString"/> shows a short fingerprint (first 4 bytes of SHA-256 of the value).
/// </summary>
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

    /// <summary>Zeroes the bytes.</summary>
    public void Dispose() => CryptographicOperations.ZeroMemory(_bytes);

    /// <inheritdoc/>
    public override string ToString()
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(_bytes, digest);
        return $"secret[{_bytes.Length}]#{Convert.ToHexStringLower(digest[..4])}";
    }
}
