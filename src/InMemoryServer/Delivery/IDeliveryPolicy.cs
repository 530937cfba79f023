using E2eeConformance.Engine.Wire;

namespace E2eeConformance.InMemoryServer.Delivery;

/// <summary>
/// Decides how stored ProtoMsgs reach devices: the seam the scenario runner drives to delay, reorder, drop or
/// duplicate deliveries (ARCHITECTURE §Data flow: "delivery layer (seeded faults)"). Whatever a policy does, the server
/// keeps every message stored until its recipient consumes it (seed 000 §Consume ProtoMsg), so a dropped delivery is
/// recovered by <see cref="E2eeServer.Redeliver"/> or <see cref="E2eeServer.Pending"/>.
/// <para>
/// The server calls a policy outside its lock, one call at a time, in the order the messages were stored (or
/// redelivery was asked for): a policy that forwards each call at once therefore delivers in order per device, even
/// when a sink calls back into the server while a delivery is in progress.
/// </para>
/// <para>
/// The message and the address handed over are the server's own, read-only: a group message's payload is one object
/// shared by every recipient's message (issue 12: no per-recipient copies). A policy or sink that wants to change a
/// message (tamper, re-address) clones it first.
/// </para>
/// </summary>
public interface IDeliveryPolicy
{
    /// <summary>A new ProtoMsg was stored for <paramref name="device"/>; <paramref name="message"/> is shared and must not be modified.</summary>
    void OnStored(E2eeAddress device, ProtoMsg message);

    /// <summary><see cref="E2eeServer.Redeliver"/> asks for an unconsumed ProtoMsg to be delivered again.</summary>
    void OnRedeliver(E2eeAddress device, ProtoMsg message);
}
