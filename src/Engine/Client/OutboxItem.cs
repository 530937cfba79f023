namespace E2eeConformance.Engine.Client;

/// <summary>The request types a device sends (one per ITransport method).</summary>
public enum RequestKind
{
    PublishSpk = 1,
    SupplyOpks = 2,
    Invite = 3,
    Accept = 4,
    SendOne2oneMsg = 5,
    SendGroupMsg = 6,
    ConsumeProtoMsg = 7,
}

/// <summary>
/// A request decided by a state change and saved with it, then sent; removed once the server answered. A device
/// restarted from its store sends what it had not sent yet, so a crash loses no outgoing message.
/// </summary>
public sealed record OutboxItem(RequestKind Kind, byte[] Request);
