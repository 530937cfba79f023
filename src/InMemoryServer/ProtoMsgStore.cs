using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.Identifiers;
using E2eeConformance.InMemoryServer.State;
using static E2eeConformance.InMemoryServer.RefusalException;

namespace E2eeConformance.InMemoryServer;

/// <summary>
/// The server-sent messaging channel (seed 000 §Server-sent events protocols, §Consume ProtoMsg): owns the ProtoMsg ids
/// in use and recently consumed (<see cref="IssuedProtoMsgIds"/>), the per-device inboxes' contents (kept in <see cref="DeviceRecord.Inbox"/>), the queue of messages
/// waiting to be handed to the delivery policy (first deliveries and redeliveries, in order), and the stored/consumed
/// counters. Every member is called under the server's lock; the delivery policy itself is called by
/// <see cref="E2eeServer"/>, outside the lock, with what <see cref="TryNextDelivery"/> hands out. What a request stores
/// is reverted when it fails (<see cref="RequestJournal"/>) and queued for delivery only once it has committed
/// (<see cref="PublishStaged"/>).
/// </summary>
internal sealed class ProtoMsgStore(ServerContext context)
{
    private readonly IssuedProtoMsgIds _issuedProtoMsgIds = new();
    private readonly Queue<QueuedDelivery> _deliveries = new();
    private List<QueuedDelivery> _staged = [];
    private bool _draining;

    /// <summary>A stored message waiting to be handed to the delivery policy (first delivery or redelivery).</summary>
    public readonly record struct QueuedDelivery(E2eeAddress Device, ProtoMsg Message, bool Redelivery);

    /// <summary>How many ProtoMsg ids are remembered (unconsumed and the consumed window).</summary>
    public int RememberedIds => _issuedProtoMsgIds.Count;

    /// <summary>How many ProtoMsgs were ever stored.</summary>
    public long Stored { get; private set; }

    /// <summary>How many ProtoMsgs were consumed by their device.</summary>
    public long Consumed { get; private set; }

    /// <summary>
    /// Stores a server-sent message for <paramref name="recipient"/>: a ProtoMsg with ProtoMsgTag{proto_msg_t = now in
    /// ms, proto_msg_id = a new unique id}, from, to and the payload <paramref name="setPayload"/> sets (on a message of
    /// its own, but the payload may be one object shared by every recipient of a fan-out: stored messages are never
    /// modified). Kept in the recipient's inbox until consumed, and queued for delivery. Commit phase only.
    /// </summary>
    public void Store(DeviceRecord recipient, E2eeAddress from, long nowMs, Action<ProtoMsg> setPayload) =>
        Store(recipient, from, nowMs, setPayload, payloadBytes: null);

    /// <summary>
    /// <see cref="Store(DeviceRecord, E2eeAddress, long, Action{ProtoMsg})"/> with the payload's encoded size known
    /// (<paramref name="payloadBytes"/>, measured once for a fan-out: measuring a group notice per recipient would cost
    /// time quadratic in the members).
    /// </summary>
    private void Store(DeviceRecord recipient, E2eeAddress from, long nowMs, Action<ProtoMsg> setPayload, int? payloadBytes)
    {
        RequestJournal journal = context.Journal;
        string id = context.DrawUnique(ServerIdKind.ProtoMsgId, _issuedProtoMsgIds.TryIssue);
        journal.Changed("ProtoMsg id issued", () => _issuedProtoMsgIds.Release(id));
        var message = new ProtoMsg
        {
            Tag = new ProtoMsgTag { ProtoMsgT = nowMs, ProtoMsgId = id },
            From = from.Clone(),
            To = recipient.Address.Clone(),
        };
        int envelope = message.CalculateSize(); // tag, from and to: a few dozen bytes
        setPayload(message);
        int size = payloadBytes is { } known ? envelope + known : message.CalculateSize(); // the probe's size counts the payload's tag and length
        recipient.Inbox.Add(message, size);
        journal.Changed("message stored", () => recipient.Inbox.Remove(id));
        Stored++;
        journal.Changed("stored counted", () => Stored--);
        _staged.Add(new QueuedDelivery(recipient.Address, message, Redelivery: false)); // shared: see IDeliveryPolicy
        journal.Changed("delivery staged", () => _staged.RemoveAt(_staged.Count - 1));
    }

    /// <summary>
    /// The request that stored the staged messages has committed: queues them for delivery, in the order they were
    /// stored. Until then nothing of a request leaves the server.
    /// </summary>
    public void PublishStaged()
    {
        List<QueuedDelivery> staged = _staged;
        _staged = staged.Count > RequestJournal.KeptCapacity ? [] : new List<QueuedDelivery>(staged.Capacity); // a fan-out's list is let go
        foreach (QueuedDelivery delivery in staged)
        {
            _deliveries.Enqueue(delivery); // a failure here (out of memory) leaves the rest stored, redelivered on request, never queued twice
        }
    }

    /// <summary>The counters, remembered ids and queued deliveries: for whole-state comparisons in tests.</summary>
    public IEnumerable<string> Describe() =>
        new[] { $"stored {Stored} consumed {Consumed} staged {_staged.Count} queued {_deliveries.Count}" }
            .Concat(_deliveries.Select(d => $"queued {d.Message.Tag.ProtoMsgId} redelivery {d.Redelivery}"))
            .Concat(_issuedProtoMsgIds.Describe());

    /// <summary>
    /// Refuses (SERVICE_UNAVAILABLE) a message of about <paramref name="payloadBytes"/> from <paramref name="sender"/>
    /// that would put any of <paramref name="recipients"/> over <see cref="E2eeServerOptions.MaxInboxMessages"/> or
    /// <see cref="E2eeServerOptions.MaxInboxBytes"/>, or over the share one sender may fill
    /// (<see cref="E2eeServerOptions.MaxInboxMessagesPerSender"/>, <see cref="E2eeServerOptions.MaxInboxBytesPerSender"/>):
    /// nothing is stored for anyone. The share keeps one member from blocking a group by filling an offline device's
    /// inbox: it fills its own share, and everyone else's messages still go. Validation phase.
    /// </summary>
    public void RequireRoom(DeviceRecord sender, IEnumerable<DeviceRecord> recipients, int payloadBytes)
    {
        E2eeServerOptions limits = context.Options;
        string from = Engine.Protocol.Addresses.Format(sender.Address);
        foreach (DeviceRecord recipient in recipients)
        {
            (int count, long bytes) = recipient.Inbox.From(from);
            if (recipient.Inbox.Count >= limits.MaxInboxMessages || recipient.Inbox.Bytes + payloadBytes > limits.MaxInboxBytes)
            {
                throw Refuse(
                    ResponseCode.ServiceUnavailable,
                    $"the inbox of {Engine.Protocol.Addresses.Format(recipient.Address)} is full ({recipient.Inbox.Count} messages, {recipient.Inbox.Bytes} bytes); send again once it has consumed");
            }

            if (count >= Math.Min(limits.MaxInboxMessagesPerSender, limits.MaxInboxMessages)
                || bytes + payloadBytes > Math.Min(limits.MaxInboxBytesPerSender, limits.MaxInboxBytes))
            {
                throw Refuse(
                    ResponseCode.ServiceUnavailable,
                    $"{from} already has {count} messages ({bytes} bytes) waiting in the inbox of {Engine.Protocol.Addresses.Format(recipient.Address)}, its share; send again once it has consumed");
            }
        }
    }

    /// <summary>Stores one message per recipient, in order, all with the same timestamp (now).</summary>
    public void StoreForEach(IEnumerable<DeviceRecord> recipients, E2eeAddress from, Action<ProtoMsg> setPayload)
    {
        long now = context.NowMs();
        var probe = new ProtoMsg();
        setPayload(probe);
        int payloadBytes = probe.CalculateSize();
        foreach (DeviceRecord recipient in recipients.ToList())
        {
            Store(recipient, from, now, setPayload, payloadBytes);
        }
    }

    /// <summary>The unconsumed ProtoMsgs of <paramref name="device"/> in the order they were stored (copies); empty for none.</summary>
    public List<ProtoMsg> Pending(DeviceRecord? device) => device?.Inbox.Messages.Select(m => m.Clone()).ToList() ?? [];

    /// <summary>Queues every unconsumed ProtoMsg of <paramref name="device"/> for redelivery, in order; returns them (copies).</summary>
    public List<ProtoMsg> QueueRedelivery(DeviceRecord? device)
    {
        foreach (ProtoMsg message in device?.Inbox.Messages ?? [])
        {
            _deliveries.Enqueue(new QueuedDelivery(device!.Address, message, Redelivery: true));
        }

        return Pending(device);
    }

    /// <summary>
    /// Starts a drain of the delivery queue: false when one is already running (a sink calling back into the server, or
    /// another thread), which then also delivers what was queued since, keeping the order per device, or when nothing
    /// is queued.
    /// </summary>
    public bool TryStartDrain()
    {
        if (_draining || _deliveries.Count == 0)
        {
            return false;
        }

        _draining = true;
        return true;
    }

    /// <summary>The next queued delivery of the running drain; false (and the drain ends) when the queue is empty.</summary>
    public bool TryNextDelivery(out QueuedDelivery item)
    {
        if (_deliveries.TryDequeue(out item))
        {
            return true;
        }

        _draining = false;
        return false;
    }

    /// <summary>
    /// seed 000 §Consume ProtoMsg: the device reports that it processed the ProtoMsg with <c>proto_msg_id</c>; the
    /// server removes it from that device's store. Only the caller's own messages can be consumed: an unknown id and
    /// another device's id both answer NOT_FOUND (nothing is revealed about other inboxes).
    /// </summary>
    public ConsumeProtoMsgResponse Consume(DeviceRecord caller, ConsumeProtoMsgRequest? request)
    {
        if (request is null || request.ProtoMsgId.Length == 0)
        {
            throw BadRequest("proto_msg_id is empty");
        }

        RequestJournal journal = context.Journal;
        Action removed = caller.Inbox.Remove(request.ProtoMsgId)
            ?? throw Refuse(ResponseCode.NotFound, $"no unconsumed message {request.ProtoMsgId} for this device");
        journal.Changed("message removed", removed);
        if (_issuedProtoMsgIds.Consumed(request.ProtoMsgId) is { } moved)
        {
            journal.Changed("id moved to the consumed window", moved);
        }

        Consumed++;
        journal.Changed("consumed counted", () => Consumed--);
        return new ConsumeProtoMsgResponse { Code = ResponseCode.Ok };
    }
}
