using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// Wipes temporary secret buffers that are not byte spans (limb arrays, digit arrays, hash midstates, round keys,
/// GHASH keys) with <see cref="CryptographicOperations.ZeroMemory"/>, which the JIT cannot drop as a dead store the way
/// it may drop <c>span.Clear()</c> or <c>local = default</c> on memory never read again (ownership rule 5 of
/// <see cref="SecretBytes"/>).
/// </summary>
internal static class SecretWipe
{
    /// <summary>Zeroes every element of <paramref name="buffer"/>.</summary>
    public static void Span<T>(Span<T> buffer)
        where T : unmanaged =>
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(buffer));

    /// <summary>Zeroes the bytes of a value held in a local or field (a struct holding key material).</summary>
    public static void Value<T>(ref T value)
        where T : unmanaged =>
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref value, 1)));
}
