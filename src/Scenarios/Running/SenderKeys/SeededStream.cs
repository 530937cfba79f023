using System.Security.Cryptography;
using System.Text;
using E2eeConformance.SenderKeys.Ports;

namespace E2eeConformance.Scenarios.Running.SenderKeys;

/// <summary>
/// A sender-key device's randomness in a run: SHA-256(label ‖ block counter), block after block, the label naming the
/// seed and the device, so a run is the same at every seed and each device draws its own stream.
/// </summary>
internal sealed class SeededStream(string label) : IRandom
{
    private readonly byte[] _label = Encoding.UTF8.GetBytes(label);
    private byte[] _block = [];
    private int _used;
    private ulong _counter;

    /// <inheritdoc/>
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
