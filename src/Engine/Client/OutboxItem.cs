using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// A request decided by a state change and saved with it, then sent; removed once the server answered. A device
/// restarted from its store sends what it had not sent yet, so a crash loses no outgoing message.
/// </summary>
/// <param name="Kind">Which request <paramref name="Request"/> is: one of the types a device queues (<see cref="IsQueued"/>).</param>
/// <param name="Request">The serialized request message.</param>
public sealed record OutboxItem(RequestType Kind, byte[] Request)
{
    /// <summary>
    /// Whether a device queues requests of <paramref name="type"/> in its outbox: the ones it decides while processing
    /// (pre-key refills, invites, accepts, messages, consumes). The others (registration, bundle lookups, group
    /// management, heartbeats) are sent directly and never saved.
    /// </summary>
    public static bool IsQueued(RequestType type) => type is RequestType.PublishSpk or RequestType.SupplyOpks
        or RequestType.Invite or RequestType.Accept or RequestType.SendOne2oneMsg or RequestType.SendGroupMsg
        or RequestType.ConsumeProtoMsg;
}
