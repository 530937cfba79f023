using E2eeConformance.RoomKeys.Errors;
using E2eeConformance.RoomKeys.Ports;

namespace E2eeConformance.RoomKeys.Crypto;

/// <summary>
/// A room's symmetric key for one generation (seed 002, "userA creates a symmetric encryption room_key and saves it
/// locally"): 32 random bytes, an AES-256-GCM key (RK-3). Never printed.
/// </summary>
public sealed class RoomKey
{
    /// <summary>The key length in bytes.</summary>
    public const int Length = 32;

    internal RoomKey(byte[] bytes) => Bytes = bytes.Length == Length ? bytes : throw new RoomKeyException(RoomKeyErrorCode.Malformed, $"a room key has {Length} bytes, not {bytes.Length}");

    internal byte[] Bytes { get; }

    /// <summary>A new room key from <paramref name="random"/>.</summary>
    public static RoomKey Generate(IRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        byte[] key = new byte[Length];
        random.Fill(key);
        return new RoomKey(key);
    }

    /// <summary>Whether the key's bytes occur in <paramref name="bytes"/> (a harness's check that no key leaves in the clear; the key itself never does).</summary>
    public bool AppearsIn(ReadOnlySpan<byte> bytes) => bytes.IndexOf(Bytes) >= 0;

    /// <inheritdoc/>
    public override string ToString() => "RoomKey(…)";
}
