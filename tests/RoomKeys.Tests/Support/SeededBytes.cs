using E2eeConformance.RoomKeys.Ports;

namespace E2eeConformance.RoomKeys.Tests.Support;

/// <summary>A deterministic randomness source for tests: .NET's seeded <see cref="Random"/> (never for secrets).</summary>
internal sealed class SeededBytes(int seed) : IRandom
{
    private readonly Random _random = new(seed);

    public void Fill(Span<byte> destination) => _random.NextBytes(destination);
}
