using System.Security.Cryptography;
using System.Text;
using E2eeConformance.SenderKeys.Ports;

namespace E2eeConformance.SenderKeys.Tests.Support;

/// <summary>A deterministic randomness source for tests: SHA-256(label ‖ block counter), block after block.</summary>
internal sealed class StreamRandom(string label) : IRandom
{
    private readonly byte[] _label = Encoding.UTF8.GetBytes(label);
    private byte[] _block = [];
    private int _used;
    private ulong _counter;

    public void Fill(Span<byte> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            if (_used == _block.Length)
            {
                _block = SHA256.HashData([.. _label, .. BitConverter.GetBytes(_counter++)]);
                _used = 0;
            }

            destination[i] = _block[_used++];
        }
    }
}
