using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// A device store in memory (tests, simulations): keeps a copy of the last saved snapshot and hands out copies, so
/// neither the saver nor a loader can change what is stored. Thread-safe.
/// </summary>
public sealed class InMemoryDeviceStore : IDeviceStore
{
    private readonly Lock _gate = new();
    private byte[]? _snapshot;

    /// <summary>How many times <see cref="Save"/> was called.</summary>
    public int SaveCount { get; private set; }

    /// <inheritdoc/>
    public byte[]? Load()
    {
        lock (_gate)
        {
            return _snapshot is null ? null : (byte[])_snapshot.Clone();
        }
    }

    /// <inheritdoc/>
    public void Save(ReadOnlySpan<byte> snapshot)
    {
        byte[] copy = snapshot.ToArray();
        lock (_gate)
        {
            _snapshot = copy;
            SaveCount = checked(SaveCount + 1);
        }
    }
}
