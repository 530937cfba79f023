namespace E2eeConformance.InMemoryServer;

/// <summary>
/// The request-response protocols of the whitepaper (seed 000 §Request-response protocols), plus the client heartbeat
/// (seed 000 §ServerHeartbeatMsg). Selects the request and response message types in <see cref="E2eeServer.Handle"/>.
/// </summary>
public enum RequestType
{
    /// <summary>seed 000 §Register User: RegisterUserRequest → RegisterUserResponse (no credential).</summary>
    RegisterUser,

    /// <summary>seed 000 §Publish signed pre-key: PublishSpkRequest → PublishSpkResponse.</summary>
    PublishSpk,

    /// <summary>seed 000 §Supply one-time pre-key: SupplyOpksRequest → SupplyOpksResponse.</summary>
    SupplyOpks,

    /// <summary>seed 000 §Get pre-key bundle: GetPreKeyBundleRequest → GetPreKeyBundleResponse.</summary>
    GetPreKeyBundle,

    /// <summary>seed 000 §Update User: UpdateUserRequest → UpdateUserResponse.</summary>
    UpdateUser,

    /// <summary>seed 000 §Invite: InviteRequest → InviteResponse.</summary>
    Invite,

    /// <summary>seed 000 §Accept: AcceptRequest → AcceptResponse.</summary>
    Accept,

    /// <summary>seed 000 §Send one-to-one message: SendOne2oneMsgRequest → SendOne2oneMsgResponse.</summary>
    SendOne2oneMsg,

    /// <summary>seed 000 §Create group: CreateGroupRequest → CreateGroupResponse.</summary>
    CreateGroup,

    /// <summary>seed 000 §Add group members: AddGroupMembersRequest → AddGroupMembersResponse.</summary>
    AddGroupMembers,

    /// <summary>seed 000 §Remove group members: RemoveGroupMembersRequest → RemoveGroupMembersResponse.</summary>
    RemoveGroupMembers,

    /// <summary>seed 000 §Add group member device: AddGroupMemberDeviceRequest → AddGroupMemberDeviceResponse.</summary>
    AddGroupMemberDevice,

    /// <summary>seed 000 §Leave group: LeaveGroupRequest → LeaveGroupResponse.</summary>
    LeaveGroup,

    /// <summary>seed 000 §Send group message: SendGroupMsgRequest → SendGroupMsgResponse.</summary>
    SendGroupMsg,

    /// <summary>seed 000 §Consume ProtoMsg: ConsumeProtoMsgRequest → ConsumeProtoMsgResponse.</summary>
    ConsumeProtoMsg,

    /// <summary>
    /// seed 000 §ServerHeartbeatMsg: ClientHeartbeatMsg → ServerHeartbeatMsg. Not stored, never consumed; a refused
    /// heartbeat answers with no bytes.
    /// </summary>
    Heartbeat,
}
