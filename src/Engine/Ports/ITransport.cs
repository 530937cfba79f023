namespace E2eeConformance.Engine.Ports;

/// <summary>
/// The protocols plugin handler (seed 000 §Plugins, §Request-response protocols): how a device reaches the E2EE server.
/// One method per request type of the whitepaper; every call after registration carries the device's credential.
/// Implementations never throw for a server-side refusal: the response carries the ResponseCode.
/// </summary>
public interface ITransport
{
    Wire.RegisterUserResponse RegisterUser(Wire.RegisterUserRequest request);

    Wire.PublishSpkResponse PublishSpk(DeviceCredential credential, Wire.PublishSpkRequest request);

    Wire.SupplyOpksResponse SupplyOpks(DeviceCredential credential, Wire.SupplyOpksRequest request);

    Wire.GetPreKeyBundleResponse GetPreKeyBundle(DeviceCredential credential, Wire.GetPreKeyBundleRequest request);

    Wire.UpdateUserResponse UpdateUser(DeviceCredential credential, Wire.UpdateUserRequest request);

    Wire.InviteResponse Invite(DeviceCredential credential, Wire.InviteRequest request);

    Wire.AcceptResponse Accept(DeviceCredential credential, Wire.AcceptRequest request);

    Wire.SendOne2oneMsgResponse SendOne2oneMsg(DeviceCredential credential, Wire.SendOne2oneMsgRequest request);

    Wire.CreateGroupResponse CreateGroup(DeviceCredential credential, Wire.CreateGroupRequest request);

    Wire.AddGroupMembersResponse AddGroupMembers(DeviceCredential credential, Wire.AddGroupMembersRequest request);

    Wire.RemoveGroupMembersResponse RemoveGroupMembers(DeviceCredential credential, Wire.RemoveGroupMembersRequest request);

    Wire.AddGroupMemberDeviceResponse AddGroupMemberDevice(DeviceCredential credential, Wire.AddGroupMemberDeviceRequest request);

    Wire.LeaveGroupResponse LeaveGroup(DeviceCredential credential, Wire.LeaveGroupRequest request);

    Wire.SendGroupMsgResponse SendGroupMsg(DeviceCredential credential, Wire.SendGroupMsgRequest request);

    Wire.ConsumeProtoMsgResponse ConsumeProtoMsg(DeviceCredential credential, Wire.ConsumeProtoMsgRequest request);
}
