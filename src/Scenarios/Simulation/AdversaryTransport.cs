using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Wire;

namespace E2eeConformance.Scenarios.Simulation;

/// <summary>
/// The transport of an adversary's copy of a device: it reaches no server. Requests are refused (the adversary cannot
/// act as the device towards the server: it has the state, not a live connection), consumes succeed.
/// </summary>
public sealed class AdversaryTransport : ITransport
{
    /// <summary>The shared instance (the transport has no state).</summary>
    public static AdversaryTransport Instance { get; } = new();

    private const ResponseCode Refused = ResponseCode.Forbidden;

    /// <inheritdoc/>
    public RegisterUserResponse RegisterUser(RegisterUserRequest request) => new() { Code = Refused };

    /// <inheritdoc/>
    public PublishSpkResponse PublishSpk(DeviceCredential credential, PublishSpkRequest request) => new() { Code = Refused };

    /// <inheritdoc/>
    public SupplyOpksResponse SupplyOpks(DeviceCredential credential, SupplyOpksRequest request) => new() { Code = Refused };

    /// <inheritdoc/>
    public GetPreKeyBundleResponse GetPreKeyBundle(DeviceCredential credential, GetPreKeyBundleRequest request) => new() { Code = Refused };

    /// <inheritdoc/>
    public UpdateUserResponse UpdateUser(DeviceCredential credential, UpdateUserRequest request) => new() { Code = Refused };

    /// <inheritdoc/>
    public InviteResponse Invite(DeviceCredential credential, InviteRequest request) => new() { Code = Refused };

    /// <inheritdoc/>
    public AcceptResponse Accept(DeviceCredential credential, AcceptRequest request) => new() { Code = Refused };

    /// <inheritdoc/>
    public SendOne2oneMsgResponse SendOne2oneMsg(DeviceCredential credential, SendOne2oneMsgRequest request) => new() { Code = Refused };

    /// <inheritdoc/>
    public CreateGroupResponse CreateGroup(DeviceCredential credential, CreateGroupRequest request) => new() { Code = Refused };

    /// <inheritdoc/>
    public AddGroupMembersResponse AddGroupMembers(DeviceCredential credential, AddGroupMembersRequest request) => new() { Code = Refused };

    /// <inheritdoc/>
    public RemoveGroupMembersResponse RemoveGroupMembers(DeviceCredential credential, RemoveGroupMembersRequest request) => new() { Code = Refused };

    /// <inheritdoc/>
    public AddGroupMemberDeviceResponse AddGroupMemberDevice(DeviceCredential credential, AddGroupMemberDeviceRequest request) => new() { Code = Refused };

    /// <inheritdoc/>
    public LeaveGroupResponse LeaveGroup(DeviceCredential credential, LeaveGroupRequest request) => new() { Code = Refused };

    /// <inheritdoc/>
    public SendGroupMsgResponse SendGroupMsg(DeviceCredential credential, SendGroupMsgRequest request) => new() { Code = Refused };

    /// <inheritdoc/>
    public ConsumeProtoMsgResponse ConsumeProtoMsg(DeviceCredential credential, ConsumeProtoMsgRequest request) => new() { Code = ResponseCode.Ok };
}
