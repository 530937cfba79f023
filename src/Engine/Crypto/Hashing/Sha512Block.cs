using System.Runtime.CompilerServices;

namespace E2eeConformance.Engine.Crypto.Hashing;

/// <summary>A 128-byte SHA-512 message block buffer, kept on the stack or inside a hasher.</summary>
[InlineArray(Sha512Compression.BlockLength)]
internal struct Sha512Block
{
    private byte _element0;
}
