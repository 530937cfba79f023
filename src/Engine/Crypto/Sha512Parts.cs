using System.Security.Cryptography;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// SHA-512 (FIPS 180-4) of a concatenation head ‖ message ‖ tail, the shape of every hash in curve25519_sign and
/// curve25519_verify (RFC 8032 §5.1.6 steps 2 and 4, §5.1.7 step 2; REFERENCE-BEHAVIOUR §5). Short inputs are
/// concatenated on the stack and hashed in one call, which avoids creating an incremental hash object; the stack copy
/// is wiped (the head may hold the private scalar).
/// </summary>
internal static class Sha512Parts
{
    /// <summary>Longest concatenation hashed from the stack; longer ones go through <see cref="IncrementalHash"/>.</summary>
    public const int StackLimit = 1024;

    /// <summary>Writes SHA-512(head ‖ message ‖ tail) into the 64-byte <paramref name="digest"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> head, ReadOnlySpan<byte> message, ReadOnlySpan<byte> tail, Span<byte> digest)
    {
        int length = head.Length + message.Length + tail.Length;
        if (length <= StackLimit)
        {
            Span<byte> input = stackalloc byte[length];
            try
            {
                head.CopyTo(input);
                message.CopyTo(input[head.Length..]);
                tail.CopyTo(input[(head.Length + message.Length)..]);
                SHA512.HashData(input, digest);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(input);
            }

            return;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        hash.AppendData(head);
        hash.AppendData(message);
        hash.AppendData(tail);
        hash.GetHashAndReset(digest);
    }
}
