using System.Security.Cryptography;
using System.Text;

namespace E2eeConformance.SenderKeys.Ports;

/// <summary>
/// A deterministic <see cref="IRandom"/> for simulations and tests: SHA-256(label ‖ block counter), block after block.
/// Two streams with the same label give the same bytes; a run labels each device's stream with its seed and name.
/// Never a source of secrets outside a simulation.
/// </summary>
public sealed class LabelledStream(string label) : IRandom
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
