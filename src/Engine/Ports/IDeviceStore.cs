namespace E2eeConformance.Engine.Ports;

/// <summary>
/// The database plugin handler (seed 000 §Plugins): where a device keeps its state. A device's whole state is saved as
/// one snapshot, atomically: the state change caused by a server-sent message, the mark that it was processed and the
/// requests it makes the device send are in the same snapshot, so a crash either loses all of them (and the message is
/// redelivered) or none.
/// </summary>
public interface IDeviceStore
{
    /// <summary>The last saved snapshot, or null for a new device.</summary>
    byte[]? Load();

    /// <summary>Replaces the snapshot atomically (all or nothing).</summary>
    void Save(ReadOnlySpan<byte> snapshot);
}
