namespace E2eeConformance.Engine.Crypto.Hashing;

/// <summary>
/// What <see cref="OpenSslSha256Block"/> and <see cref="OpenSslSha512Block"/> share: the library they call and the
/// once-per-process decision whether to call it — not when an environment variable asks for the portable code, and only
/// if the library loads, exports the block function and compresses a known two-block input exactly as the portable code.
/// </summary>
internal static class OpenSslBlockProbe
{
    /// <summary>The platform's OpenSSL 3 crypto library.</summary>
    public const string Library = "libcrypto.so.3";

    /// <summary>Compresses whole blocks into a chaining value.</summary>
    public delegate void Compressor<TState>(ref TState state, ReadOnlySpan<byte> blocks);

    /// <summary>
    /// Whether the library's compression may be used: <paramref name="forcePortableVariable"/> is not <c>portable</c>,
    /// and <paramref name="library"/> and <paramref name="portable"/> give the same chaining value from
    /// <paramref name="initial"/> over two copies of a fixed <paramref name="blockLength"/>-byte block. A missing library
    /// or function is a no.
    /// </summary>
    public static bool LibraryAgrees<TState>(string forcePortableVariable, int blockLength, TState initial, Compressor<TState> library, Compressor<TState> portable)
        where TState : struct
    {
        if (string.Equals(Environment.GetEnvironmentVariable(forcePortableVariable), "portable", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            byte[] blocks = new byte[2 * blockLength];
            for (int i = 0; i < blocks.Length; i++)
            {
                blocks[i] = unchecked((byte)(((i % blockLength) * 37) + 11));
            }

            TState fromLibrary = initial, fromPortable = initial;
            library(ref fromLibrary, blocks);
            portable(ref fromPortable, blocks);
            return EqualityComparer<TState>.Default.Equals(fromLibrary, fromPortable);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }
}
