using Google.Protobuf;

namespace E2eeConformance.Engine.Protocol;

/// <summary>
/// The size limits of everything that crosses the wire (issue 12): the server refuses a request over them
/// (<c>PAYLOAD_TOO_LARGE</c>) and a device refuses a server-sent message over them (<c>too_large</c>), both before any
/// work proportional to the size. Fields are classed by name (<see cref="WireLimitCheck"/>): identifiers, free text,
/// ciphertexts, other bytes (keys, signatures), and lists. The defaults leave room for the largest legitimate message of
/// every suite: an SLH-DSA-256s signature is 29,792 bytes, a registration with 100 ML-KEM-1024 one-time pre-keys about
/// 160 KB, a 10,000-member group creation about 400 KB, and the largest ciphertext is a group seed, which lists every
/// member device with its signature key: about 2.7 KB a member with ML-DSA-87 (8 MiB: about 3,000 such members).
/// </summary>
public sealed record WireLimits
{
    /// <summary>The defaults (the server's unless configured, and every device's).</summary>
    public static WireLimits Default { get; } = new();

    /// <summary>The largest encoded message (bytes).</summary>
    public int MaxMessageBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>The longest identifier (characters): user, device and group ids, domains, group names, session and
    /// message ids, authenticators, versions.</summary>
    public int MaxIdentifierLength { get; init; } = 256;

    /// <summary>The longest other string (characters): free text such as a status message or a profile field.</summary>
    public int MaxTextLength { get; init; } = 4096;

    /// <summary>The largest ciphertext or opaque payload (bytes).</summary>
    public int MaxCiphertextBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>The largest other byte field (bytes): public keys, signatures, KEM ciphertexts, fingerprints.</summary>
    public int MaxKeyBytes { get; init; } = 64 * 1024;

    /// <summary>The most entries of one repeated field (members, devices, one-time pre-keys, allow and deny lists).</summary>
    public int MaxListLength { get; init; } = 10_000;

    /// <summary>
    /// The smallest limit on a part of a message (identifier, text, ciphertext, other bytes, list length): an encoding
    /// no longer than this cannot break any of them.
    /// </summary>
    internal int SmallestPartLimit => Math.Min(Math.Min(MaxIdentifierLength, MaxTextLength), Math.Min(Math.Min(MaxCiphertextBytes, MaxKeyBytes), MaxListLength));

    /// <summary>The first limit <paramref name="message"/> breaks, said for people, or null when it keeps them all.</summary>
    public string? FirstViolation(IMessage message) => WireLimitCheck.FirstViolation(message, this);
}
