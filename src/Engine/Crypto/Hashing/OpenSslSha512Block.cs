using System.Runtime.InteropServices;

namespace E2eeConformance.Engine.Crypto.Hashing;

/// <summary>
/// The SHA-512 compression function of the platform's OpenSSL (<c>SHA512_Transform</c> of libcrypto 3, one 128-byte
/// block per call), in the manner of <see cref="OpenSslSha256Block"/>: .NET's hash classes only hash whole messages,
/// and SLH-DSA's H is a single block after a per-key midstate (<see cref="SlhDsa"/>), so the engine calls the library at
/// the block level.
/// <para>
/// Used only when <see cref="Available"/>: libcrypto.so.3 loads, exports the function, and gives the FIPS 180-4 result
/// on a known block (checked once, against the portable code). Elsewhere the portable code of
/// <see cref="Sha512Compression"/> runs, with the same output. <c>E2EE_SHA512=portable</c> in the environment forces the
/// portable code.
/// </para>
/// </summary>
internal static class OpenSslSha512Block
{
    /// <summary>Whether the library's block function is in use (decided once per process).</summary>
    public static bool Available { get; } = Probe();

    /// <summary>Compresses the whole 128-byte blocks of <paramref name="blocks"/> into <paramref name="state"/>.</summary>
    public static void Compress(ref Sha512State state, ReadOnlySpan<byte> blocks)
    {
        var context = new Context { State = state };
        try
        {
            for (int offset = 0; offset < blocks.Length; offset += Sha512Compression.BlockLength)
            {
                CompressBlock(ref context, blocks.Slice(offset, Sha512Compression.BlockLength));
            }

            state = context.State;
        }
        finally
        {
            // The chaining value of a keyed hash is secret (and on some platforms OpenSSL copies the block into the
            // context): no copy stays on the stack.
            SecretWipe.Value(ref context);
        }
    }

    /// <summary>
    /// Compresses one 128-byte block into <c>context.State</c>, leaving the wiping of <paramref name="context"/> to the
    /// caller: for a caller that compresses many single blocks after one midstate (SLH-DSA's H) and wipes its context
    /// once at the end.
    /// </summary>
    public static void CompressBlock(ref Context context, ReadOnlySpan<byte> block) =>
        Transform(ref context, in MemoryMarshal.GetReference(block[..Sha512Compression.BlockLength]));

    private static bool Probe() =>
        OpenSslBlockProbe.LibraryAgrees<Sha512State>("E2EE_SHA512", Sha512Compression.BlockLength, Sha512State.Initial, Compress, Sha512Compression.CompressPortable);

    /// <summary>
    /// OpenSSL's SHA512_CTX (216 bytes): h[8] first (the chaining value the block function updates), then the length,
    /// a block buffer (where the function copies an unaligned block on platforms that need it) and counters.
    /// </summary>
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    internal struct Context
    {
        public Sha512State State;
    }

    [DllImport(OpenSslBlockProbe.Library, EntryPoint = "SHA512_Transform", ExactSpelling = true)]
    [SuppressGCTransition]
    private static extern void Transform(ref Context context, in byte block);
}
