using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace E2eeConformance.Engine.Ports;

/// <summary>
/// The deterministic random stream the reference vectors were generated with
/// (vectors/reference/README.md): output block k = SHA-256(SHA-256(label) ‖ le64(k)), k = 0, 1, 2, …,
/// consumed as one continuous byte stream. Also the engine's seeded source for simulations: the same label gives the
/// same bytes on every machine.
/// </summary>
public sealed class ReferenceStreamRandom : IRandomSource
{
    private readonly byte[] _labelHash;
    private readonly byte[] _block = new byte[32];
    private readonly byte[] _input = new byte[40];
    private ulong _counter;
    private int _used = 32;

    /// <summary>The stream for <paramref name="label"/> (its UTF-8 bytes).</summary>
    public ReferenceStreamRandom(string label)
        : this(Encoding.UTF8.GetBytes(label))
    {
    }

    /// <summary>The stream for the raw <paramref name="label"/> bytes.</summary>
    public ReferenceStreamRandom(ReadOnlySpan<byte> label)
    {
        _labelHash = SHA256.HashData(label);
        _labelHash.CopyTo(_input, 0);
    }

    /// <summary>How many bytes have been handed out so far.</summary>
    public long Position { get; private set; }

    /// <inheritdoc/>
    public void Fill(Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            if (_used == _block.Length)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(_input.AsSpan(32), _counter);
                _counter = checked(_counter + 1);
                SHA256.HashData(_input, _block);
                _used = 0;
            }

            int n = Math.Min(destination.Length, _block.Length - _used);
            _block.AsSpan(_used, n).CopyTo(destination);
            _used += n;
            destination = destination[n..];
            Position += n;
        }
    }
}
