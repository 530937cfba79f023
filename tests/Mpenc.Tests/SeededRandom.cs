using System.Security.Cryptography;
using System.Text;
using E2eeConformance.Mpenc.Ports;

namespace E2eeConformance.Mpenc.Tests;

/// <summary>A deterministic <see cref="IRandom"/> for the tests: SHA-256 of "label/counter", block after block.</summary>
internal sealed class SeededRandom(string label) : IRandom
{
    private ulong _counter;

    public void Fill(Span<byte> destination)
    {
        for (int offset = 0; offset < destination.Length; offset += 32)
        {
            byte[] block = SHA256.HashData(Encoding.UTF8.GetBytes($"{label}/{_counter++}"));
            block.AsSpan(0, Math.Min(32, destination.Length - offset)).CopyTo(destination[offset..]);
        }
    }
}
