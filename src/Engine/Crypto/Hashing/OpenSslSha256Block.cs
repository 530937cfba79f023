using System.Runtime.InteropServices;

namespace E2eeConformance.Engine.Crypto.Hashing;

/// <summary>
/// The SHA-256 compression function of the platform's OpenSSL (<c>SHA256_Transform</c> of libcrypto 3, which uses the
/// CPU's SHA extensions where it has them: about 60 ns a block here against about 200 ns for
/// <see cref="Sha256Compression"/>'s portable code). .NET exposes no SHA-256 instructions and its hash classes only hash
/// whole messages, which costs about 750 ns a call — too much for HMAC over one or two blocks, where the engine keeps
/// precomputed inner and outer states (<see cref="HmacSha256Key"/>). So the engine calls the library at the block level.
/// <para>
/// Used only when <see cref="Available"/>: libcrypto.so.3 loads, exports the function, and gives the FIPS 180-4 result
/// on a known block (checked once, against the portable code). Elsewhere (Windows, macOS, another OpenSSL) the portable
/// code runs, with the same output. <c>E2EE_SHA256=portable</c> in the environment forces the portable code.
/// </para>
/// </summary>
internal static class OpenSslSha256Block
{
    /// <summary>Whether the library's block function is in use (decided once per process).</summary>
    public static bool Available { get; } = Probe();

    /// <summary>Compresses the whole 64-byte blocks of <paramref name="blocks"/> into <paramref name="state"/>.</summary>
    public static void Compress(ref Sha256State state, ReadOnlySpan<byte> blocks)
    {
        var context = new Context { State = state };
        try
        {
            for (int offset = 0; offset < blocks.Length; offset += Sha256Compression.BlockLength)
            {
                CompressBlock(ref context, blocks.Slice(offset, Sha256Compression.BlockLength));
            }

            state = context.State;
        }
        finally
        {
            // The chaining value of a keyed hash is secret: no copy stays on the stack.
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref context, 1)));
        }
    }

    /// <summary>
    /// Compresses one 64-byte block into <c>context.State</c>, leaving the wiping of <paramref name="context"/> to the
    /// caller: for a caller that compresses many single blocks after one midstate (SLH-DSA's F and PRF) and wipes its
    /// context once at the end.
    /// </summary>
    public static void CompressBlock(ref Context context, ReadOnlySpan<byte> block) =>
        Transform(ref context, in MemoryMarshal.GetReference(block[..Sha256Compression.BlockLength]));

    private static bool Probe() =>
        OpenSslBlockProbe.LibraryAgrees<Sha256State>("E2EE_SHA256", Sha256Compression.BlockLength, Sha256State.Initial, Compress, Sha256Compression.CompressPortable);

    /// <summary>OpenSSL's SHA256_CTX: h[8] first (the chaining value the block function updates), then fields it does not touch here.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 128)]
    internal struct Context
    {
        public Sha256State State;
    }

    [DllImport(OpenSslBlockProbe.Library, EntryPoint = "SHA256_Transform", ExactSpelling = true)]
    [SuppressGCTransition]
    private static extern void Transform(ref Context context, in byte block);
}
