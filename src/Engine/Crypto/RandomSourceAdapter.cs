using E2eeConformance.Engine.Ports;
using Org.BouncyCastle.Crypto.Prng;

#pragma warning disable RS0030 // SecureRandom is banned in the engine except here, where it wraps the injected source.
namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// Presents an injected <see cref="IRandomSource"/> as BouncyCastle's <c>SecureRandom</c>, so ML-KEM / ML-DSA / SLH-DSA
/// draw exactly the bytes the port gives (REFERENCE-BEHAVIOUR §8: a deterministic harness must replace PQClean's randombytes).
/// </summary>
internal sealed class RandomSourceAdapter : Org.BouncyCastle.Security.SecureRandom
{
    private readonly IRandomSource _source;

    public RandomSourceAdapter(IRandomSource source)
        : base(new VmpcRandomGenerator()) => _source = source;

    public override void NextBytes(byte[] buf) => _source.Fill(buf);

    public override void NextBytes(byte[] buf, int off, int len) => _source.Fill(buf.AsSpan(off, len));

    public override void NextBytes(Span<byte> buffer) => _source.Fill(buffer);

    public override int Next() => (int)(NextUInt() & 0x7FFFFFFF);

    public override int NextInt() => (int)NextUInt();

    public override long NextLong() => ((long)NextUInt() << 32) | NextUInt();

    private uint NextUInt()
    {
        Span<byte> b = stackalloc byte[4];
        _source.Fill(b);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(b);
    }
}
