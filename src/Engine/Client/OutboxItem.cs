namespace E2eeConformance.Engine.Client;

/// <summary>The request types a device sends (one per ITransport method).</summary>
public enum RequestKind
{
    /// <summary>PublishSpkRequest: a new signed pre-key, after the server asked for one (PublishSpkMsg).</summary>
    PublishSpk = 1,
    /// <summary>SupplyOpksRequest: more one-time pre-keys, after the server asked for them (SupplyOpksMsg).</summary>
    SupplyOpks = 2,
    /// <summary>InviteRequest: opens an outbound one-to-one session (seed 000 §PQKA).</summary>
    Invite = 3,
    /// <summary>AcceptRequest: answers an inbound invite (seed 000 §PQKA).</summary>
    Accept = 4,
    /// <summary>SendOne2oneMsgRequest: one encrypted message to one peer device.</summary>
    SendOne2oneMsg = 5,
    /// <summary>SendGroupMsgRequest: one encrypted message to a group.</summary>
    SendGroupMsg = 6,
    /// <summary>
    /// ConsumeProtoMsgRequest: acknowledges a processed server-sent message, so the server stops redelivering it.
    /// </summary>
    ConsumeProtoMsg = 7,
}

/// <summary>
/// A request decided by a state change and saved with it, then sent; removed once the server answered. A device
/// restarted from its store sends what it had not sent yet, so a crash loses no outgoing message.
/// </summary>
public sealed record OutboxItem(RequestKind Kind, byte[] Request);
