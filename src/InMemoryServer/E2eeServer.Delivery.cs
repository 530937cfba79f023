using E2eeConformance.Engine.Protocol;
using E2eeConformance.InMemoryServer.Delivery;

namespace E2eeConformance.InMemoryServer;

/// <summary>The delivery loop: stored messages go to the <see cref="IDeliveryPolicy"/> outside the lock, in order.</summary>
public sealed partial class E2eeServer
{
    /// <summary>
    /// Hands queued messages to the delivery policy, outside the lock, one at a time and in the order they were queued.
    /// A call made while another drain is running (a sink calling back into the server, or another thread) leaves its
    /// messages to that drain, which keeps the order per device.
    /// </summary>
    private void DrainDeliveries()
    {
        lock (_gate)
        {
            if (!_store.TryStartDrain())
            {
                return;
            }
        }

        while (true)
        {
            ProtoMsgStore.QueuedDelivery item;
            lock (_gate)
            {
                if (!_store.TryNextDelivery(out item))
                {
                    return;
                }
            }

            try
            {
                if (item.Redelivery)
                {
                    DeliveryPolicy.OnRedeliver(item.Device, item.Message);
                }
                else
                {
                    DeliveryPolicy.OnStored(item.Device, item.Message);
                }
            }
#pragma warning disable CA1031 // A failing sink is a failed delivery: the message stays stored; the request it came from has already succeeded.
            catch (Exception failure)
#pragma warning restore CA1031
            {
                ServerLog.DeliveryFailed(_logger, Addresses.Format(item.Device), item.Message.Tag.ProtoMsgId, failure);
            }
        }
    }
}
