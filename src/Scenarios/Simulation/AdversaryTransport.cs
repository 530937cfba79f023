using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Wire;

namespace E2eeConformance.Scenarios.Simulation;

/// <summary>
/// The transport of an adversary's copy of a device: it reaches no server. Requests are refused (the adversary cannot
/// act as the device towards the server: it has the state, not a live connection), consumes succeed.
/// </summary>
public sealed class AdversaryTransport : ITransport
{
    public static AdversaryTransport Instance { get; } = new();

    private const ResponseCode Refused = ResponseCode.Forbidden;

    public RegisterUserResponse RegisterUser(RegisterUserRequest request) => new() { Code = Refused };

    public PublishSpkResponse PublishSpk(DeviceCredential credential, PublishSpkRequest request) => new() { Code = Refused };

    public SupplyOpksResponse SupplyOpks(DeviceCredential credential, SupplyOpksRequest request) => new() { Code = Refused };

    public GetPreKeyBundleResponse GetPreKeyBundle(DeviceCredential credential, GetPreKeyBundleRequest request) => new() { Code = Refused };

    public UpdateUserResponse UpdateUser(DeviceCredential credential, UpdateUserRequest request) => new() { Code = Refused };

    public InviteResponse Invite(DeviceCredential credential, InviteRequest request) => new() { Code = Refused };

    public AcceptResponse Accept(DeviceCredential credential, AcceptRequest request) => new() { Code = Refused };

    public SendOne2oneMsgResponse SendOne2oneMsg(DeviceCredential credential, SendOne2oneMsgRequest request) => new() { Code = Refused };

    public CreateGroupResponse CreateGroup(DeviceCredential credential, CreateGroupRequest request) => new() { Code = Refused };

    public AddGroupMembersResponse AddGroupMembers(DeviceCredential credential, AddGroupMembersRequest request) => new() { Code = Refused };

    public RemoveGroupMembersResponse RemoveGroupMembers(DeviceCredential credential, RemoveGroupMembersRequest request) => new() { Code = Refused };

    public AddGroupMemberDeviceResponse AddGroupMemberDevice(DeviceCredential credential, AddGroupMemberDeviceRequest request) => new() { Code = Refused };

    public LeaveGroupResponse LeaveGroup(DeviceCredential credential, LeaveGroupRequest request) => new() { Code = Refused };

    public SendGroupMsgResponse SendGroupMsg(DeviceCredential credential, SendGroupMsgRequest request) => new() { Code = Refused };

    public ConsumeProtoMsgResponse ConsumeProtoMsg(DeviceCredential credential, ConsumeProtoMsgRequest request) => new() { Code = ResponseCode.Ok };
}
