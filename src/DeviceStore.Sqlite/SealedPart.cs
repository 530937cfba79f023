using System.Buffers.Binary;
using System.Security.Cryptography;
using E2eeConformance.Engine.Errors;

namespace E2eeConformance.DeviceStore.Sqlite;

/// <summary>
/// One stored part of a device's state with its integrity check (issue 12): what the part is, the save that wrote it,
/// the digest of the part it must be loaded with, the encoded state, and a SHA-256 over all of that.
/// <code>
/// "E2DS" | format (1 byte, 1) | kind (1 byte) | generation (8 bytes, big-endian) | bound (32 bytes) | payload | SHA-256 of everything before (32 bytes)
/// </code>
/// <para>
/// Decision: a checksum, not a MAC. A MAC needs a key kept outside the file, and a device here has nowhere else to keep
/// one (no OS key store); a key inside the file would check nothing more than the checksum does. The check is for damage
/// — a flipped bit, a truncated or torn file, parts from different saves — not for an attacker who can write the file:
/// that attacker already holds the device's private keys, which the file stores.
/// </para>
/// </summary>
internal static class SealedPart
{
    /// <summary>The kinds of part; the kind is sealed in, so one part cannot be stored in the other's place.</summary>
    public enum Kind : byte
    {
        /// <summary>The account (identity and pre-keys).</summary>
        Account = 1,

        /// <summary>Everything else (sessions, groups, processed ids, outbox); bound to its account part.</summary>
        Others = 2,
    }

    /// <summary>The format written today.</summary>
    public const byte Format = 1;

    /// <summary>Bytes of the digests (SHA-256).</summary>
    public const int DigestLength = 32;

    private static ReadOnlySpan<byte> Magic => "E2DS"u8;

    private const int HeaderLength = 4 + 1 + 1 + 8 + DigestLength;

    /// <summary>What an intact part holds.</summary>
    /// <param name="Generation">The number of the save that wrote the part (1 for the first save of a file).</param>
    /// <param name="Bound">The digest of the part this one must be loaded with (zeros for the account).</param>
    /// <param name="Payload">The encoded state; holds secrets, the caller wipes it.</param>
    public sealed record Opened(ulong Generation, byte[] Bound, byte[] Payload);

    /// <summary>The stored form of <paramref name="payload"/>.</summary>
    public static byte[] Seal(Kind kind, ulong generation, ReadOnlySpan<byte> bound, ReadOnlySpan<byte> payload)
    {
        if (bound.Length != DigestLength)
        {
            throw new ArgumentException($"a bound digest has {DigestLength} bytes", nameof(bound));
        }

        byte[] blob = new byte[HeaderLength + payload.Length + DigestLength];
        Span<byte> b = blob;
        Magic.CopyTo(b);
        b[4] = Format;
        b[5] = (byte)kind;
        BinaryPrimitives.WriteUInt64BigEndian(b[6..], generation);
        bound.CopyTo(b[14..]);
        payload.CopyTo(b[HeaderLength..]);
        SHA256.HashData(b[..^DigestLength], b[^DigestLength..]);
        return blob;
    }

    /// <summary>The digest another part binds itself to: SHA-256 of this part's whole stored form.</summary>
    public static byte[] Digest(ReadOnlySpan<byte> blob) => SHA256.HashData(blob);

    /// <summary>Checks <paramref name="blob"/> and returns what it holds.</summary>
    /// <exception cref="ProtocolException"><see cref="ProtocolErrorCode.StoreCorrupt"/>: too short, not a sealed part,
    /// another format or kind, or a checksum that does not match.</exception>
    public static Opened Open(Kind expected, byte[] blob, string where)
    {
        ReadOnlySpan<byte> b = blob;
        if (b.Length < HeaderLength + DigestLength || !b[..4].SequenceEqual(Magic))
        {
            throw Corrupt(where, $"the {Name(expected)} part ({b.Length} bytes) is not a sealed state part");
        }

        Span<byte> digest = stackalloc byte[DigestLength];
        SHA256.HashData(b[..^DigestLength], digest);
        if (!CryptographicOperations.FixedTimeEquals(digest, b[^DigestLength..]))
        {
            throw Corrupt(where, $"the {Name(expected)} part ({b.Length} bytes) does not match its checksum");
        }

        if (b[4] != Format)
        {
            throw Corrupt(where, $"the {Name(expected)} part has format {b[4]}; this store reads format {Format}");
        }

        if (b[5] != (byte)expected)
        {
            throw Corrupt(where, $"the {Name(expected)} part holds a part of kind {b[5]}");
        }

        return new Opened(BinaryPrimitives.ReadUInt64BigEndian(b[6..]), b[14..HeaderLength].ToArray(), b[HeaderLength..^DigestLength].ToArray());
    }

    /// <summary>A <see cref="ProtocolErrorCode.StoreCorrupt"/> error about the store at <paramref name="where"/>.</summary>
    public static ProtocolException Corrupt(string where, string what, Exception? inner = null) =>
        inner is null
            ? new ProtocolException(ProtocolErrorCode.StoreCorrupt, $"device state file {where}: {what}")
            : new ProtocolException(ProtocolErrorCode.StoreCorrupt, $"device state file {where}: {what}", inner);

    private static string Name(Kind kind) => kind == Kind.Account ? "account" : "others";
}
