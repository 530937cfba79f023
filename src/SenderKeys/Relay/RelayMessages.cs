using E2eeConformance.SenderKeys.Crypto;
using E2eeConformance.SenderKeys.Groups;
using E2eeConformance.SenderKeys.Pairwise;

namespace E2eeConformance.SenderKeys.Relay;

/// <summary>
/// What a device asks of the relay server (seed 004: "The server may distribute public keys"; "The server forwards
/// encrypted payloads and metadata"). Devices are named <c>user/device</c>; groups by the name their creator gave.
/// </summary>
public abstract record RelayRequest(string From);

/// <summary>Registers the device and publishes its public identity key (seed 004, "Public key discovery").</summary>
public sealed record RegisterRequest(string From, P256PublicKey PublicKey, uint KeyId) : RelayRequest(From);

/// <summary>Asks for the public keys of every device of <paramref name="User"/>.</summary>
public sealed record DiscoverRequest(string From, string User) : RelayRequest(From);

/// <summary>A direct message to forward.</summary>
public sealed record PairwiseRequest(string From, PairwiseMessage Message) : RelayRequest(From);

/// <summary>A group message to forward to every current member device but the sender (the fast path: one encryption).</summary>
public sealed record GroupSendRequest(string From, GroupMessage Message) : RelayRequest(From);

/// <summary>Creates a group with the sender's user and <paramref name="Members"/> (users).</summary>
public sealed record CreateGroupRequest(string From, string Group, IReadOnlyList<string> Members) : RelayRequest(From);

/// <summary>Adds users to a group.</summary>
public sealed record AddMembersRequest(string From, string Group, IReadOnlyList<string> Users) : RelayRequest(From);

/// <summary>Removes users from a group.</summary>
public sealed record RemoveMembersRequest(string From, string Group, IReadOnlyList<string> Users) : RelayRequest(From);

/// <summary>The sender's user leaves a group.</summary>
public sealed record LeaveRequest(string From, string Group) : RelayRequest(From);

/// <summary>What the relay delivers to a device; <see cref="ServerTimeMs"/> is the metadata timestamp of seed 004.</summary>
public abstract record RelayDelivery(string To, long ServerTimeMs);

/// <summary>
/// The answer to a discovery: every device of the user with its public key and key id, then the asker's own other
/// devices (SK-20: a text to a user goes to the sender's other devices too).
/// </summary>
public sealed record DiscoveryAnswer(string To, long ServerTimeMs, string User, IReadOnlyList<DeviceKey> Devices) : RelayDelivery(To, ServerTimeMs);

/// <summary>A device and its published key.</summary>
public sealed record DeviceKey(string Device, P256PublicKey PublicKey, uint KeyId);

/// <summary>
/// A forwarded direct message, with the key its sender published (decision SK-16: the relay distributes public keys,
/// so it attaches the sender's; the receiver checks the key id the message names against it).
/// </summary>
public sealed record PairwiseDelivery(string To, long ServerTimeMs, PairwiseMessage Message, DeviceKey SenderKey) : RelayDelivery(To, ServerTimeMs);

/// <summary>A forwarded group message.</summary>
public sealed record GroupDelivery(string To, long ServerTimeMs, GroupMessage Message) : RelayDelivery(To, ServerTimeMs);

/// <summary>
/// The group's membership after a change (create, add, remove, leave), numbered by the server (<see cref="Version"/>
/// counts the changes), with every member device and its key so members can reach each other without asking.
/// </summary>
public sealed record MembershipNotice(string To, long ServerTimeMs, string Group, ulong Version, IReadOnlyList<DeviceKey> Members) : RelayDelivery(To, ServerTimeMs);

/// <summary>The relay refused a request (not a member, unknown group, …) with a stable code.</summary>
public sealed record RequestRefused(string To, long ServerTimeMs, string Request, string Code) : RelayDelivery(To, ServerTimeMs);
