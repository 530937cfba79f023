using E2eeConformance.RoomKeys.Ports;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Security;

namespace E2eeConformance.RoomKeys.Crypto;

/// <summary>BouncyCastle's randomness interface over the family's port, so RSA key generation and OAEP draw only from it.</summary>
internal sealed class PortRandomGenerator(IRandom random) : IRandomGenerator
{
    /// <summary>A <see cref="SecureRandom"/> drawing from <paramref name="random"/> only.</summary>
    public static SecureRandom Over(IRandom random) => new(new PortRandomGenerator(random));

    public void AddSeedMaterial(byte[] seed)
    {
        // The port is the only source: seed material is ignored by design (determinism).
    }

    public void AddSeedMaterial(ReadOnlySpan<byte> seed)
    {
        // As above.
    }

    public void AddSeedMaterial(long seed)
    {
        // As above.
    }

    public void NextBytes(byte[] bytes) => random.Fill(bytes);

    public void NextBytes(byte[] bytes, int start, int len) => random.Fill(bytes.AsSpan(start, len));

    public void NextBytes(Span<byte> bytes) => random.Fill(bytes);
}
