using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.Delivery;

namespace E2eeConformance.InMemoryServer.Tests.Support;

/// <summary>Records every delivery; optionally reacts to each (to test a sink that calls back into the server).</summary>
internal sealed class RecordingSink : IDeliverySink
{
    private readonly List<(E2eeAddress Device, ProtoMsg Message)> _delivered = [];
    private readonly Lock _gate = new();

    public Action<E2eeAddress, ProtoMsg>? OnDeliver { get; set; }

    public IReadOnlyList<(E2eeAddress Device, ProtoMsg Message)> Delivered
    {
        get
        {
            lock (_gate)
            {
                return [.. _delivered];
            }
        }
    }

    public IReadOnlyList<ProtoMsg> To(E2eeAddress device) =>
        Delivered.Where(d => d.Device.Equals(device)).Select(d => d.Message).ToList();

    public void Deliver(E2eeAddress device, ProtoMsg message)
    {
        lock (_gate)
        {
            _delivered.Add((device, message));
        }

        OnDeliver?.Invoke(device, message);
    }
}
