using E2eeConformance.Engine.Wire;

namespace E2eeConformance.InMemoryServer.Delivery;

/// <summary>
/// The honest network: every stored (or redelivered) ProtoMsg is pushed to the sink at once, in the order the server
/// stored them, so in order per recipient device. With no sink connected nothing is pushed; the messages stay stored
/// and can be fetched with <see cref="E2eeServer.Pending"/> or pushed later with <see cref="E2eeServer.Redeliver"/>.
/// </summary>
public sealed class ImmediateInOrderDelivery(IDeliverySink? sink = null) : IDeliveryPolicy
{
    private volatile IDeliverySink? _sink = sink;

    /// <summary>The sink deliveries go to; may be connected after the server is built.</summary>
    public IDeliverySink? Sink
    {
        get => _sink;
        set => _sink = value;
    }

    public void OnStored(E2eeAddress device, ProtoMsg message) => _sink?.Deliver(device, message);

    public void OnRedeliver(E2eeAddress device, ProtoMsg message) => _sink?.Deliver(device, message);
}
