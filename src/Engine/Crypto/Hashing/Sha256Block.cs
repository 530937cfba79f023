using System.Runtime.CompilerServices;

namespace E2eeConformance.Engine.Crypto.Hashing;

/// <summary>A 64-byte SHA-256 message block buffer, kept on the stack or inside a hasher.</summary>
[InlineArray(Sha256Compression.BlockLength)]
internal struct Sha256Block
{
    private byte _element0;
}
