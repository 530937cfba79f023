using System.Collections.Immutable;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// Everything a device keeps (seed 000 §Account, §Session, §Group Session): its registration, account, one-to-one
/// sessions per peer device, groups, the ids of the server-sent messages it already processed (so a redelivered one is
/// recognised) and the requests it decided to send but has not sent yet. Saved as one snapshot (<see cref="Ports.IDeviceStateStore{TState}"/>).
/// </summary>
public sealed record DeviceState(
    CipherSuite Suite,
    ProtocolVersion Version,
    Wire.E2eeAddress Address,
    string Token,
    Account Account,
    ImmutableDictionary<string, PeerSessions> Peers,
    ImmutableDictionary<string, DeviceGroup> Groups,
    ProcessedIds Processed,
    ImmutableList<OutboxItem> Outbox)
{
    /// <summary>
    /// Users (domain/user id) whose complete device list this device fetched; new devices of theirs are announced by
    /// the server (AddUserDeviceMsg). A user we only know from an inbound invite is not in it yet.
    /// </summary>
    public ImmutableHashSet<string> KnownUsers { get; init; } = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    /// <summary>
    /// How many processed ProtoMsg ids are remembered. A processed message's consume request is saved with it and sent
    /// right after (again after a restart), so the server can only redeliver it in the short window before that consume
    /// arrives: a few hundred ids cover it, and the list is written with every save.
    /// </summary>
    public const int ProcessedIdsKept = 256;

    /// <summary>The device's address as text (<see cref="Addresses.Format"/>), for logs and keys.</summary>
    public string Name => Addresses.Format(Address);

    /// <summary>
    /// Whether the server-sent ProtoMsg with id <paramref name="protoMsgId"/> was already processed (so a redelivery is
    /// skipped).
    /// </summary>
    public bool HasProcessed(string protoMsgId) => Processed.Contains(protoMsgId);

    /// <summary>
    /// This state with <paramref name="protoMsgId"/> remembered as processed; only the last
    /// <see cref="ProcessedIdsKept"/> ids are kept.
    /// </summary>
    public DeviceState MarkProcessed(string protoMsgId) => this with { Processed = Processed.Add(protoMsgId) };

    /// <summary>The sessions with a peer device; a missing or non-device address (hostile input) is <c>missing_field</c>.</summary>
    public PeerSessions PeerOf(Wire.E2eeAddress? peer)
    {
        if (peer?.User is null || string.IsNullOrEmpty(peer.User.UserId))
        {
            throw new Errors.ProtocolException(Errors.ProtocolErrorCode.MissingField, $"expected a device address, got {Addresses.Format(peer)}");
        }

        return Peers.TryGetValue(Addresses.Format(peer), out PeerSessions? p) ? p : PeerSessions.Empty(peer);
    }

    /// <summary>This state with <paramref name="peer"/> replacing the sessions kept for that peer device.</summary>
    public DeviceState WithPeer(PeerSessions peer) => this with { Peers = Peers.SetItem(Addresses.Format(peer.Peer), peer) };

    /// <summary>What this device knows of a group; a missing or non-group address (hostile input) is <c>missing_field</c>.</summary>
    public DeviceGroup GroupOf(Wire.E2eeAddress? group)
    {
        if (group?.Group is null)
        {
            throw new Errors.ProtocolException(Errors.ProtocolErrorCode.MissingField, $"expected a group address, got {Addresses.Format(group)}");
        }

        return Groups.TryGetValue(E2eeConformance.Engine.Groups.GroupMember.AddressKey(group), out DeviceGroup? g) ? g : DeviceGroup.Empty(group);
    }

    /// <summary>This state with <paramref name="group"/> replacing what the device knew of that group.</summary>
    public DeviceState WithGroup(DeviceGroup group) => this with { Groups = Groups.SetItem(group.Key, group) };

    /// <summary>
    /// This state with <paramref name="request"/> queued in the outbox (serialized), to be sent after the next save.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is not a request a device queues (<see cref="OutboxItem.IsQueued"/>).</exception>
    public DeviceState Send(RequestType kind, Google.Protobuf.IMessage request)
    {
        if (!OutboxItem.IsQueued(kind))
        {
            ThrowHelper.Argument(nameof(kind), $"a device does not queue {kind} requests in its outbox");
        }

        var item = new OutboxItem(kind, Google.Protobuf.MessageExtensions.ToByteArray(request)) { Id = NextRequestId, Message = request };
        return this with { Outbox = Outbox.Add(item), NextRequestId = checked(NextRequestId + 1) };
    }

    /// <summary>This state with <paramref name="item"/> queued again under a new id (sending it again).</summary>
    public DeviceState Resend(OutboxItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return this with { Outbox = Outbox.Add(item with { Id = NextRequestId }), NextRequestId = checked(NextRequestId + 1) };
    }

    /// <summary>
    /// This state with <paramref name="request"/> queued and the operation its answer continues recorded
    /// (<paramref name="pending"/> is given the request's id).
    /// </summary>
    public DeviceState SendAwaiting(RequestType kind, Google.Protobuf.IMessage request, Func<long, PendingOperation> pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        long id = NextRequestId;
        DeviceState sent = Send(kind, request);
        return sent with { Pending = sent.Pending.Add(pending(id)) };
    }

    /// <summary>
    /// The computations waiting for the answer to one of the outbox's requests (<see cref="PendingOperation"/>);
    /// one leaves when that answer is processed.
    /// </summary>
    public ImmutableList<PendingOperation> Pending { get; init; } = [];

    /// <summary>Events saved with the changes that produced them and not yet acknowledged by the application.</summary>
    public ImmutableList<StoredEvent> Unacknowledged { get; init; } = [];

    /// <summary>The id the next queued request gets.</summary>
    public long NextRequestId { get; init; } = 1;

    /// <summary>The id the next event gets.</summary>
    public long NextEventId { get; init; } = 1;

    /// <summary>
    /// The reference implementation's deviations this device reproduces, from <see cref="DeviceOptions.Deviations"/> at
    /// registration (<see cref="ProtocolDeviations.None"/> for our devices); every protocol step of the device follows them.
    /// </summary>
    public ProtocolDeviations Deviations { get; init; } = ProtocolDeviations.None;

    /// <inheritdoc/>
    public override string ToString() => $"DeviceState({Name}, {Suite.Name}, {Peers.Count} peers, {Groups.Count} groups, {Outbox.Count} to send, {Pending.Count} pending, {Unacknowledged.Count} events)";
}
