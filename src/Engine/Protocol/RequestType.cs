namespace E2eeConformance.Engine.Protocol;

/// <summary>
/// The request-response protocols of the whitepaper (seed 000 §Request-response protocols), plus the client heartbeat
/// (seed 000 §ServerHeartbeatMsg): what a device asks and the server serves, one per <c>ITransport</c>
/// method. The numbers are stable: a device's saved outbox stores them (Client/State/device_state.proto,
/// StoredOutboxItem.kind), so 1–7 — the requests a device decides while processing and queues in its outbox — keep
/// the values they were first saved with.
/// </summary>
public enum RequestType
{
    /// <summary>seed 000 §Publish signed pre-key: PublishSpkRequest → PublishSpkResponse (after the server's PublishSpkMsg).</summary>
    PublishSpk = 1,

    /// <summary>seed 000 §Supply one-time pre-key: SupplyOpksRequest → SupplyOpksResponse (after the server's SupplyOpksMsg).</summary>
    SupplyOpks = 2,

    /// <summary>seed 000 §Invite: InviteRequest → InviteResponse; opens an outbound one-to-one session (§PQKA).</summary>
    Invite = 3,

    /// <summary>seed 000 §Accept: AcceptRequest → AcceptResponse; answers an inbound invite (§PQKA).</summary>
    Accept = 4,

    /// <summary>seed 000 §Send one-to-one message: SendOne2oneMsgRequest → SendOne2oneMsgResponse.</summary>
    SendOne2oneMsg = 5,

    /// <summary>seed 000 §Send group message: SendGroupMsgRequest → SendGroupMsgResponse.</summary>
    SendGroupMsg = 6,

    /// <summary>
    /// seed 000 §Consume ProtoMsg: ConsumeProtoMsgRequest → ConsumeProtoMsgResponse; acknowledges a processed
    /// server-sent message, so the server stops redelivering it.
    /// </summary>
    ConsumeProtoMsg = 7,

    /// <summary>seed 000 §Register User: RegisterUserRequest → RegisterUserResponse (no credential).</summary>
    RegisterUser = 8,

    /// <summary>seed 000 §Get pre-key bundle: GetPreKeyBundleRequest → GetPreKeyBundleResponse.</summary>
    GetPreKeyBundle = 9,

    /// <summary>seed 000 §Update User: UpdateUserRequest → UpdateUserResponse.</summary>
    UpdateUser = 10,

    /// <summary>seed 000 §Create group: CreateGroupRequest → CreateGroupResponse.</summary>
    CreateGroup = 11,

    /// <summary>seed 000 §Add group members: AddGroupMembersRequest → AddGroupMembersResponse.</summary>
    AddGroupMembers = 12,

    /// <summary>seed 000 §Remove group members: RemoveGroupMembersRequest → RemoveGroupMembersResponse.</summary>
    RemoveGroupMembers = 13,

    /// <summary>seed 000 §Add group member device: AddGroupMemberDeviceRequest → AddGroupMemberDeviceResponse.</summary>
    AddGroupMemberDevice = 14,

    /// <summary>seed 000 §Leave group: LeaveGroupRequest → LeaveGroupResponse.</summary>
    LeaveGroup = 15,

    /// <summary>
    /// seed 000 §ServerHeartbeatMsg: ClientHeartbeatMsg → ServerHeartbeatMsg. Not stored, never consumed; a refused
    /// heartbeat answers with no bytes.
    /// </summary>
    Heartbeat = 16,
}
