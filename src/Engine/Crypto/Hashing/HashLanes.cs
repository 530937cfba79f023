using System.Runtime.Intrinsics.X86;

namespace E2eeConformance.Engine.Crypto.Hashing;

/// <summary>
/// Whether hashes may run several at a time in AVX-512 lanes (<see cref="Sha256x16"/>, <see cref="Sha512x8"/>,
/// <see cref="Keccak1600x8"/>); otherwise callers hash one input at a time, with the same results.
/// </summary>
internal static class HashLanes
{
    /// <summary>True on a processor with AVX-512F, unless <see cref="ForceScalar"/>.</summary>
    public static bool IsSupported => Avx512F.IsSupported && !ForceScalar;

    /// <summary>For tests: makes <see cref="IsSupported"/> false so that the one-at-a-time paths run.</summary>
    internal static bool ForceScalar { get; set; }
}
