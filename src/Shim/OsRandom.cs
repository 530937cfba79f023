using System.Security.Cryptography;
using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Shim;

/// <summary>The operating system's CSPRNG: an implementation's randomness is its own (docs/ADAPTER.md).</summary>
internal sealed class OsRandom : IRandomSource
{
    public void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
}
