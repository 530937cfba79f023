namespace E2eeConformance.Engine.Ports;

/// <summary>
/// The protocols plugin handler (seed 000 §Plugins, §Request-response protocols): how a device reaches the E2EE server.
/// One method per request type of the whitepaper; every call after registration carries the device's credential.
/// Implementations never throw for a server-side refusal: the response carries the ResponseCode.
/// </summary>
public interface ITransport
{
    /// <summary>
    /// Registers a new device with its account's public keys (seed 000 §Register User); the response carries its
    /// address and token.
    /// </summary>
    Wire.RegisterUserResponse RegisterUser(Wire.RegisterUserRequest request);

    /// <summary>Publishes a new signed pre-key (seed 000 §Publish signed pre-key).</summary>
    Wire.PublishSpkResponse PublishSpk(DeviceCredential credential, Wire.PublishSpkRequest request);

    /// <summary>Publishes more one-time pre-keys (seed 000 §Supply one-time pre-key).</summary>
    Wire.SupplyOpksResponse SupplyOpks(DeviceCredential credential, Wire.SupplyOpksRequest request);

    /// <summary>Fetches the pre-key bundles of a user's devices (seed 000 §Get pre-key bundle).</summary>
    Wire.GetPreKeyBundleResponse GetPreKeyBundle(DeviceCredential credential, Wire.GetPreKeyBundleRequest request);

    /// <summary>Sends an UpdateUserMsg for the server to forward to the user's other devices and contacts (seed 000 §Update User).</summary>
    Wire.UpdateUserResponse UpdateUser(DeviceCredential credential, Wire.UpdateUserRequest request);

    /// <summary>Sends an invite that opens a one-to-one session (seed 000 §Invite, §PQKA).</summary>
    Wire.InviteResponse Invite(DeviceCredential credential, Wire.InviteRequest request);

    /// <summary>Sends the accept that answers an invite (seed 000 §Accept, §PQKA).</summary>
    Wire.AcceptResponse Accept(DeviceCredential credential, Wire.AcceptRequest request);

    /// <summary>Sends one encrypted one-to-one message (seed 000 §Send one-to-one message).</summary>
    Wire.SendOne2oneMsgResponse SendOne2oneMsg(DeviceCredential credential, Wire.SendOne2oneMsgRequest request);

    /// <summary>Creates a group with its first members (seed 000 §Create group).</summary>
    Wire.CreateGroupResponse CreateGroup(DeviceCredential credential, Wire.CreateGroupRequest request);

    /// <summary>Adds users to a group (seed 000 §Add group members).</summary>
    Wire.AddGroupMembersResponse AddGroupMembers(DeviceCredential credential, Wire.AddGroupMembersRequest request);

    /// <summary>Removes users from a group (seed 000 §Remove group members).</summary>
    Wire.RemoveGroupMembersResponse RemoveGroupMembers(DeviceCredential credential, Wire.RemoveGroupMembersRequest request);

    /// <summary>Adds a member's new device to a group (seed 000 §Add group member device).</summary>
    Wire.AddGroupMemberDeviceResponse AddGroupMemberDevice(DeviceCredential credential, Wire.AddGroupMemberDeviceRequest request);

    /// <summary>Leaves a group (seed 000 §Leave group).</summary>
    Wire.LeaveGroupResponse LeaveGroup(DeviceCredential credential, Wire.LeaveGroupRequest request);

    /// <summary>Sends one encrypted group message (seed 000 §Send group message).</summary>
    Wire.SendGroupMsgResponse SendGroupMsg(DeviceCredential credential, Wire.SendGroupMsgRequest request);

    /// <summary>
    /// Acknowledges a processed server-sent message, so the server stops redelivering it (seed 000 §Consume ProtoMsg).
    /// </summary>
    Wire.ConsumeProtoMsgResponse ConsumeProtoMsg(DeviceCredential credential, Wire.ConsumeProtoMsgRequest request);
}
