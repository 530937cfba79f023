using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.Identifiers;
using E2eeConformance.InMemoryServer.State;

namespace E2eeConformance.InMemoryServer;

/// <summary>The server-sent messaging channel: store, delivery, redelivery, consumption, heartbeat.</summary>
public sealed partial class E2eeServer
{
    private readonly Queue<QueuedDelivery> _deliveries = new();
    private bool _draining;

    /// <summary>A stored message waiting to be handed to the delivery policy (first delivery or redelivery).</summary>
    private readonly record struct QueuedDelivery(E2eeAddress Device, ProtoMsg Message, bool Redelivery);

    /// <summary>
    /// Stores a server-sent message for <paramref name="recipient"/> (seed 000 §Server-sent events protocols): a
    /// ProtoMsg with ProtoMsgTag{proto_msg_t = now in ms, proto_msg_id = a new unique id}, from, to and the payload
    /// <paramref name="setPayload"/> sets (on a message of its own: payloads are cloned per recipient by the callers).
    /// Kept in the recipient's inbox until consumed, and queued for delivery. Called under the lock, commit phase only.
    /// </summary>
    private void Store(DeviceRecord recipient, E2eeAddress from, long nowMs, Action<ProtoMsg> setPayload)
    {
        var message = new ProtoMsg
        {
            Tag = new ProtoMsgTag
            {
                ProtoMsgT = nowMs,
                ProtoMsgId = DrawUnique(ServerIdKind.ProtoMsgId, _issuedProtoMsgIds.Add),
            },
            From = from.Clone(),
            To = recipient.Address.Clone(),
        };
        setPayload(message);
        recipient.Inbox.Add(message);
        _stored++;
        _deliveries.Enqueue(new QueuedDelivery(recipient.Address.Clone(), message.Clone(), Redelivery: false));
    }

    /// <summary>
    /// Hands queued messages to the delivery policy, outside the lock, one at a time and in the order they were queued.
    /// A call made while another drain is running (a sink calling back into the server, or another thread) leaves its
    /// messages to that drain, which keeps the order per device.
    /// </summary>
    private void DrainDeliveries()
    {
        lock (_gate)
        {
            if (_draining || _deliveries.Count == 0)
            {
                return;
            }

            _draining = true;
        }

        while (true)
        {
            QueuedDelivery item;
            lock (_gate)
            {
                if (!_deliveries.TryDequeue(out item))
                {
                    _draining = false;
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

    /// <summary>The unconsumed ProtoMsgs of <paramref name="device"/> in the order they were stored (copies); empty for an unknown device.</summary>
    public IReadOnlyList<ProtoMsg> Pending(E2eeAddress device)
    {
        lock (_gate)
        {
            return TryDevice(device)?.Inbox.Select(m => m.Clone()).ToList() ?? [];
        }
    }

    /// <summary>
    /// Redelivery until consumed (seed 000 §Consume ProtoMsg): offers every unconsumed ProtoMsg of
    /// <paramref name="device"/> to the delivery policy again, in order, and returns them (copies).
    /// </summary>
    public IReadOnlyList<ProtoMsg> Redeliver(E2eeAddress device)
    {
        List<ProtoMsg> pending;
        lock (_gate)
        {
            DeviceRecord? record = TryDevice(device);
            pending = record?.Inbox.Select(m => m.Clone()).ToList() ?? [];
            foreach (ProtoMsg message in pending)
            {
                _deliveries.Enqueue(new QueuedDelivery(record!.Address.Clone(), message.Clone(), Redelivery: true));
            }
        }

        DrainDeliveries();
        return pending;
    }

    /// <summary>
    /// seed 000 §Consume ProtoMsg: the device reports that it processed the ProtoMsg with <c>proto_msg_id</c>; the
    /// server removes it from that device's store. Only the caller's own messages can be consumed: an unknown id and
    /// another device's id both answer NOT_FOUND (nothing is revealed about other inboxes).
    /// </summary>
    public ConsumeProtoMsgResponse ConsumeProtoMsg(DeviceCredential? credential, ConsumeProtoMsgRequest? request) =>
        Serve(RequestType.ConsumeProtoMsg, credential, authenticate: true, caller =>
        {
            if (request is null || request.ProtoMsgId.Length == 0)
            {
                throw BadRequest("proto_msg_id is empty");
            }

            int index = caller!.Inbox.FindIndex(m => m.Tag.ProtoMsgId == request.ProtoMsgId);
            if (index < 0)
            {
                throw Refuse(ResponseCode.NotFound, $"no unconsumed message {request.ProtoMsgId} for this device");
            }

            caller.Inbox.RemoveAt(index);
            _consumed++;
            return new ConsumeProtoMsgResponse { Code = ResponseCode.Ok };
        }, (code, msg) => new ConsumeProtoMsgResponse { Code = code, Msg = msg });

    /// <summary>
    /// seed 000 §ServerHeartbeatMsg: answers a ClientHeartbeatMsg with the server's host name and time. Not stored and
    /// never consumed. Null when the credential is not valid (a heartbeat has no response code).
    /// </summary>
    public ServerHeartbeatMsg? Heartbeat(DeviceCredential? credential, ClientHeartbeatMsg? heartbeat) =>
        Serve<ServerHeartbeatMsg?>(RequestType.Heartbeat, credential, authenticate: true, _ =>
            heartbeat is null
                ? throw BadRequest("the heartbeat is empty")
                : new ServerHeartbeatMsg { Hostname = _options.Hostname, ServerT = NowMs() },
            (_, _) => null);
}
