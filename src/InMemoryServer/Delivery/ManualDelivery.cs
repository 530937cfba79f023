using E2eeConformance.Engine.Wire;

namespace E2eeConformance.InMemoryServer.Delivery;

/// <summary>
/// Nothing is pushed: the driver pulls <see cref="E2eeServer.Pending"/> (the unconsumed messages of a device, in
/// order) and delivers them as it likes. <see cref="E2eeServer.Redeliver"/> returns the messages instead.
/// </summary>
public sealed class ManualDelivery : IDeliveryPolicy
{
    public static ManualDelivery Instance { get; } = new();

    public void OnStored(E2eeAddress device, ProtoMsg message)
    {
    }

    public void OnRedeliver(E2eeAddress device, ProtoMsg message)
    {
    }
}
