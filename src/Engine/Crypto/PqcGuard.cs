namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// Argument checks shared by the post-quantum primitives (<see cref="MlKem"/>, <see cref="MlDsa"/>, <see cref="SlhDsa"/>).
/// A wrong-length key or ciphertext is caller misuse — the protocol layer checks peer-supplied lengths first
/// (REFERENCE-BEHAVIOUR §18, 29) — so it throws <see cref="ArgumentException"/> (STYLE #5).
/// </summary>
internal static class PqcGuard
{
    public static void RequireLength(ReadOnlySpan<byte> value, int expected, string scheme, string what, string paramName)
    {
        if (value.Length != expected)
        {
            throw new ArgumentException($"{scheme} {what} must be {expected} bytes, got {value.Length}.", paramName);
        }
    }
}
