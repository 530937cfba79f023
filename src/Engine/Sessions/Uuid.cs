using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Engine.Sessions;

/// <summary>Session and message ids as the reference makes them: base64 of 16 random bytes (REFERENCE-BEHAVIOUR §8, gen_uuid).</summary>
public static class Uuid
{
    /// <summary>Random bytes per id (16, so an id is 24 base64 characters).</summary>
    public const int RandomBytes = 16;

    /// <summary>A new id: base64 of 16 bytes drawn from <paramref name="random"/>.</summary>
    public static string New(IRandomSource random)
    {
        Span<byte> bytes = stackalloc byte[RandomBytes];
        random.Fill(bytes);
        return Convert.ToBase64String(bytes);
    }
}
