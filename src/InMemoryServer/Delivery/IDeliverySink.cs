using E2eeConformance.Engine.Wire;

namespace E2eeConformance.InMemoryServer.Delivery;

/// <summary>
/// The receiving end of the server-sent messaging channel (seed 000 §Server-sent events protocols): implemented by the
/// simulator or the devices. Each call hands over the server's stored ProtoMsg, read-only (its payload may be shared
/// by every recipient of a group fan-out): a sink that wants to change it clones it first. The device answers with
/// ConsumeProtoMsg once it has processed it. May call back into the server (the server holds no lock while delivering).
/// </summary>
public interface IDeliverySink
{
    void Deliver(E2eeAddress device, ProtoMsg message);
}
