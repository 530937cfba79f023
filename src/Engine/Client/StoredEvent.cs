namespace E2eeConformance.Engine.Client;

/// <summary>
/// An event kept in the device state until the application acknowledges it (at-least-once delivery): saved with the
/// change that produced it, raised after that save, raised again after a restart until acknowledged.
/// </summary>
/// <param name="Id">Stable per device (1, 2, 3 …): the application deduplicates by it.</param>
/// <param name="Event">What happened.</param>
public sealed record StoredEvent(long Id, DeviceEvent Event);
