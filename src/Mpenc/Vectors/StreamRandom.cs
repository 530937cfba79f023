using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using E2eeConformance.Mpenc.Ports;

namespace E2eeConformance.Mpenc.Vectors;

/// <summary>
/// The stream the vector file's random inputs were drawn from (docs/protocols/mpenc-vectors.md, "Randomness"): output
/// block k = SHA-256(SHA-256(label) ‖ le64(k)), k = 0, 1, …, consumed as one continuous byte stream. Only the generator
/// draws from it; every case states the bytes it drew, so checking a case needs only <see cref="FixedRandom"/>.
/// </summary>
internal sealed class StreamRandom : IRandom
{
    private readonly byte[] _input = new byte[40];
    private readonly byte[] _block = new byte[32];
    private ulong _counter;
    private int _used = 32;

    public StreamRandom(string label) => SHA256.HashData(Encoding.UTF8.GetBytes(label)).CopyTo(_input, 0);

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
        }
    }

    /// <summary>The next <paramref name="length"/> bytes of the stream.</summary>
    public byte[] Next(int length)
    {
        byte[] bytes = new byte[length];
        Fill(bytes);
        return bytes;
    }
}
