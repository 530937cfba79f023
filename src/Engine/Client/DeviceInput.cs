using System.Collections.Immutable;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// What the device core (<see cref="DeviceCore"/>) processes, one at a time: a server-sent message, an application
/// command, the server's answer to a request the device sent earlier, the passing of time, or the application's
/// acknowledgement of events. Each input gives a new state and the effects to perform after it is saved.
/// </summary>
public abstract record DeviceInput
{
    /// <summary>A short name of the input for reports and for the cause recorded with the requests it makes.</summary>
    public abstract string Name { get; }
}

/// <summary>A server-sent ProtoMsg (seed 000 §Server-sent events protocols).</summary>
/// <param name="Message">The message as delivered.</param>
public sealed record ServerMessageReceived(Wire.ProtoMsg Message) : DeviceInput
{
    /// <inheritdoc/>
    public override string Name => Message.PayloadCase.ToString();
}

/// <summary>The application sends bytes to every device of a user and to this user's other devices.</summary>
/// <param name="Domain">The user's domain.</param>
/// <param name="UserId">The user.</param>
/// <param name="Text">The application bytes.</param>
public sealed record SendTextCommand(string Domain, string UserId, ImmutableArray<byte> Text) : DeviceInput
{
    /// <inheritdoc/>
    public override string Name => "SendText";
}

/// <summary>The application sends bytes to a group.</summary>
/// <param name="Group">The group's address.</param>
/// <param name="Text">The application bytes.</param>
public sealed record SendGroupTextCommand(Wire.E2eeAddress Group, ImmutableArray<byte> Text) : DeviceInput
{
    /// <inheritdoc/>
    public override string Name => "SendGroupText";
}

/// <summary>The application creates a group with these users (the device's user is its manager).</summary>
/// <param name="GroupName">The group's name.</param>
/// <param name="Members">The other users.</param>
public sealed record CreateGroupCommand(string GroupName, ImmutableList<(string Domain, string UserId)> Members) : DeviceInput
{
    /// <summary>
    /// Members that are managers too (seed 000 GroupMember.role <c>GROUP_ROLE_MANAGER</c>), besides the creator, who
    /// always is; a manager not in <see cref="Members"/> is added to them. Roles are fixed at create: the protocol has
    /// no request that changes them.
    /// </summary>
    public ImmutableList<(string Domain, string UserId)> Managers { get; init; } = [];

    /// <inheritdoc/>
    public override string Name => "CreateGroup";
}

/// <summary>The application adds users to a group.</summary>
/// <param name="Group">The group's address.</param>
/// <param name="Users">The users to add.</param>
public sealed record AddGroupMembersCommand(Wire.E2eeAddress Group, ImmutableList<(string Domain, string UserId)> Users) : DeviceInput
{
    /// <inheritdoc/>
    public override string Name => "AddGroupMembers";
}

/// <summary>The application adds a member's new device to a group.</summary>
/// <param name="Group">The group's address.</param>
/// <param name="NewDevice">The device to add.</param>
public sealed record AddGroupMemberDeviceCommand(Wire.E2eeAddress Group, Wire.E2eeAddress NewDevice) : DeviceInput
{
    /// <inheritdoc/>
    public override string Name => InputName;

    /// <summary>The name of this command as an outbox item's cause.</summary>
    internal const string InputName = "AddGroupMemberDevice";
}

/// <summary>The application removes users from a group.</summary>
/// <param name="Group">The group's address.</param>
/// <param name="Users">The users to remove.</param>
public sealed record RemoveGroupMembersCommand(Wire.E2eeAddress Group, ImmutableList<(string Domain, string UserId)> Users) : DeviceInput
{
    /// <inheritdoc/>
    public override string Name => "RemoveGroupMembers";
}

/// <summary>The application leaves a group.</summary>
/// <param name="Group">The group's address.</param>
public sealed record LeaveGroupCommand(Wire.E2eeAddress Group) : DeviceInput
{
    /// <inheritdoc/>
    public override string Name => "LeaveGroup";
}

/// <summary>The application changes the user's display name.</summary>
/// <param name="UserName">The new name.</param>
public sealed record UpdateUserNameCommand(string UserName) : DeviceInput
{
    /// <inheritdoc/>
    public override string Name => "UpdateUserName";
}

/// <summary>
/// The device starts or time passed: the signed pre-key is renewed once its TTL passed, and an invite that waited
/// longer than <see cref="Messaging.InviteWaitingTime"/> for its accept is made again from a fresh bundle.
/// </summary>
public sealed record ClockTick : DeviceInput
{
    /// <inheritdoc/>
    public override string Name => "ClockTick";
}

/// <summary>The server's answer to the outbox request <paramref name="RequestId"/>.</summary>
/// <param name="RequestId">The <see cref="OutboxItem.Id"/> of the request answered.</param>
/// <param name="Code">The response code.</param>
/// <param name="Response">The whole response message (its type matches the request's <see cref="RequestType"/>).</param>
public sealed record ResponseReceived(long RequestId, Wire.ResponseCode Code, Google.Protobuf.IMessage Response) : DeviceInput
{
    /// <inheritdoc/>
    public override string Name => "Response";
}

/// <summary>The application has taken the events with these ids; they are forgotten.</summary>
/// <param name="EventIds">The <see cref="StoredEvent.Id"/>s acknowledged.</param>
public sealed record EventsAcknowledged(ImmutableArray<long> EventIds) : DeviceInput
{
    /// <inheritdoc/>
    public override string Name => "EventsAcknowledged";
}
