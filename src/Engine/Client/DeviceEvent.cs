using E2eeConformance.Engine.Errors;

namespace E2eeConformance.Engine.Client;

/// <summary>Something a device reports to its application (and the scenario runner records in its transcript).</summary>
public abstract record DeviceEvent(string Device);

/// <summary>A one-to-one message was decrypted.</summary>
public sealed record OneToOneMessageReceived(string Device, string From, byte[] Text, string SessionId, string MsgId = "") : DeviceEvent(Device);

/// <summary>An application text was encrypted for one peer device under E2eeMsg <paramref name="MsgId"/> (sent with the next flush).</summary>
public sealed record OneToOneMessageSent(string Device, string To, string MsgId, byte[] Text) : DeviceEvent(Device);

/// <summary>An application text was encrypted for a group under E2eeMsg <paramref name="MsgId"/> (the server fans it out).</summary>
public sealed record GroupMessageSent(string Device, string Group, string MsgId, byte[] Text) : DeviceEvent(Device);

/// <summary>
/// A group text that waited (<see cref="WaitingText"/>) was not sent: <paramref name="Newcomers"/> joined the session after
/// it was written and would have read it. The application may send it again, now to the new membership.
/// </summary>
public sealed record GroupTextWithdrawn(string Device, string Group, byte[] Text, IReadOnlyList<string> Newcomers, string Reason) : DeviceEvent(Device);

/// <summary>A group text was decrypted.</summary>
public sealed record GroupMessageReceived(string Device, string Group, string From, byte[] Text, string MsgId = "") : DeviceEvent(Device);

/// <summary>
/// A message arrived before what is needed to read it (a reply that overtook the accept of our session; a group message
/// before its keys): it is kept, bounded, and read when that arrives.
/// </summary>
public sealed record MessageDeferred(string Device, string From, string MsgId, string Reason) : DeviceEvent(Device);

/// <summary>A one-to-one session became usable (inbound on invite, outbound on accept).</summary>
public sealed record SessionEstablished(string Device, string Peer, string SessionId, bool Outbound) : DeviceEvent(Device);

/// <summary>A group session was created, joined or renewed on this device.</summary>
public sealed record GroupSessionChanged(string Device, string Group, string SessionId, string Reason) : DeviceEvent(Device);

/// <summary>This device was removed from a group (or left it) and dropped its keys.</summary>
public sealed record GroupLeft(string Device, string Group) : DeviceEvent(Device);

/// <summary>A server-sent message could not be processed; it is still consumed (retrying cannot help) and reported.</summary>
/// <param name="Device">The reporting device.</param>
/// <param name="MessageKind">The ProtoMsg payload or E2eeMsg kind that failed.</param>
/// <param name="Code">The stable error code.</param>
/// <param name="Detail">What went wrong, for people.</param>
/// <param name="MsgId">
/// The E2eeMsg <c>msg_id</c> of the message that failed when it is not the one being processed now: a message held
/// earlier (before its keys, its accept, or until its gap narrowed) and retried or evicted while another input is
/// handled. Empty otherwise (the failing message is the input itself).
/// </param>
public sealed record ProtocolFailure(string Device, string MessageKind, ProtocolErrorCode Code, string Detail, string MsgId = "") : DeviceEvent(Device);

/// <summary>Reacting to a server-sent message needed a request the server refused; the message is still consumed.</summary>
public sealed record RequestRefused(string Device, string MessageKind, string Request, Wire.ResponseCode Code) : DeviceEvent(Device);

/// <summary>A peer (or this user's other device) changed its user information (UpdateUserMsg).</summary>
public sealed record UserUpdated(string Device, string User, string Operation, string UserName) : DeviceEvent(Device);

/// <summary>A server heartbeat arrived (not consumed).</summary>
public sealed record HeartbeatReceived(string Device, long ServerTime) : DeviceEvent(Device);

/// <summary>The device published a new signed pre-key or new one-time pre-keys.</summary>
public sealed record PreKeysPublished(string Device, string What, int Count) : DeviceEvent(Device);
