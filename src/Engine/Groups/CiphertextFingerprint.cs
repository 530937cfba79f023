using System.Buffers.Binary;
using System.Security.Cryptography;

namespace E2eeConformance.Engine.Groups;

/// <summary>
/// A short digest of a group message's ciphertext: the first 8 bytes of SHA-256 over it. A group chain remembers it for
/// each position it decrypted (<see cref="GroupChainState.Spent"/>), so that a message arriving again at a spent
/// position can be told apart: the same ciphertext is a <c>replay</c>, another one a message of another chain
/// (<c>superseded_chain</c>) — group chain indices restart at 0 after an add (REFERENCE-BEHAVIOUR §41) and the wire
/// carries nothing else that says which chain a message belongs to. The ciphertext is public, so is its digest.
/// </summary>
public static class CiphertextFingerprint
{
    /// <summary>The fingerprint of <paramref name="ciphertext"/>.</summary>
    public static ulong Of(ReadOnlySpan<byte> ciphertext)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        Crypto.Hashing.Sha256OneShot.Hash(ciphertext, digest);
        return BinaryPrimitives.ReadUInt64LittleEndian(digest);
    }
}
