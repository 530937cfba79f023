using E2eeConformance.Engine.Ports;

namespace E2eeConformance.InMemoryServer.Identifiers;

/// <summary>
/// Identifiers as the reference makes them (REFERENCE-BEHAVIOUR §8, gen_uuid): 16 random bytes, here base64url without
/// padding so they are safe in any text; credential tokens take 32 bytes. Deterministic when the random source is
/// (e.g. <see cref="ReferenceStreamRandom"/>), unguessable when it is a system RNG (<see cref="SystemRandomSource"/>).
/// </summary>
public sealed class RandomServerIdSource(IRandomSource random) : IServerIdSource
{
    private const int IdBytes = 16;
    private const int TokenBytes = 32;
    private readonly IRandomSource _random = random ?? throw new ArgumentNullException(nameof(random));
    private readonly Lock _gate = new();

    public string Next(ServerIdKind kind)
    {
        Span<byte> bytes = stackalloc byte[kind == ServerIdKind.CredentialToken ? TokenBytes : IdBytes];
        lock (_gate)
        {
            _random.Fill(bytes);
        }

        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
