using System.Security.Cryptography;

namespace E2eeConformance.Mpenc.Session;

/// <summary>
/// The chain hash of accepted operations (seed 003 §3.3: "a chain hash built from the sequence of accepted packets";
/// MP-16): 32 zero bytes before any operation, then SHA-256(previous chain ‖ initial packet id ‖ final packet id) after each.
/// </summary>
public static class OperationChain
{
    /// <summary>The length of a chain hash.</summary>
    public const int Length = 32;

    /// <summary>The chain before any operation: 32 zero bytes (a new array).</summary>
    public static byte[] Initial => new byte[Length];

    /// <summary>The chain after an operation whose initial and final packets have these ids (hex).</summary>
    public static byte[] Next(ReadOnlySpan<byte> chain, string initialId, string finalId) =>
        SHA256.HashData([.. chain, .. Convert.FromHexString(initialId), .. Convert.FromHexString(finalId)]);
}
