using System.Security.Cryptography;

namespace E2eeConformance.Engine.Crypto.Hashing;

/// <summary>
/// SHA-256 of a whole message by whichever way is faster for its length (issue 17 §2, measured by <c>bench</c>): a
/// short one through <see cref="Sha256Hasher"/> block by block (about 60 ns a block with OpenSSL's block function,
/// nothing else per call), a long one through .NET's <see cref="SHA256"/> (about 750 ns a call, then faster per byte).
/// The digests are the same; only the cost differs.
/// </summary>
internal static class Sha256OneShot
{
    /// <summary>The longest input hashed block by block.</summary>
    public const int ShortInput = 1024;

    /// <summary>The digest of <paramref name="data"/> into the first 32 bytes of <paramref name="digest"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        if (data.Length <= ShortInput)
        {
            Sha256Hasher.Hash(data, digest);
        }
        else
        {
            SHA256.HashData(data, digest[..Sha256Compression.DigestLength]);
        }
    }
}
