using System.Security.Cryptography;
using E2eeConformance.Engine.Ports;

namespace E2eeConformance.InMemoryServer.Identifiers;

/// <summary>
/// The operating system's CSPRNG as an <see cref="IRandomSource"/>: the hosted server's default for credential tokens.
/// The engine never uses it (STYLE #1); simulations inject a seeded source instead.
/// </summary>
public sealed class SystemRandomSource : IRandomSource
{
    public static SystemRandomSource Instance { get; } = new();

    public void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
}
