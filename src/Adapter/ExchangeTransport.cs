using Google.Protobuf;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Wire;

namespace E2eeConformance.Adapter;

/// <summary>
/// A device's transport plugin (seed 000 §Plugins) over one exchange of bytes: each request leaves as its request type,
/// the credential and the request's protobuf bytes, and the bytes that come back are parsed as its response. What a
/// device in another process uses to reach the harness (a shim's wire channel, docs/ADAPTER.md).
/// </summary>
/// <param name="exchange">Sends one request (type, credential — null for a registration —, bytes); returns the response bytes.</param>
public sealed class ExchangeTransport(Func<RequestType, DeviceCredential?, byte[], byte[]> exchange) : ITransport
{
    public RegisterUserResponse RegisterUser(RegisterUserRequest request) => Call(RequestType.RegisterUser, null, request, RegisterUserResponse.Parser);

    public PublishSpkResponse PublishSpk(DeviceCredential credential, PublishSpkRequest request) => Call(RequestType.PublishSpk, credential, request, PublishSpkResponse.Parser);

    public SupplyOpksResponse SupplyOpks(DeviceCredential credential, SupplyOpksRequest request) => Call(RequestType.SupplyOpks, credential, request, SupplyOpksResponse.Parser);

    public GetPreKeyBundleResponse GetPreKeyBundle(DeviceCredential credential, GetPreKeyBundleRequest request) => Call(RequestType.GetPreKeyBundle, credential, request, GetPreKeyBundleResponse.Parser);

    public UpdateUserResponse UpdateUser(DeviceCredential credential, UpdateUserRequest request) => Call(RequestType.UpdateUser, credential, request, UpdateUserResponse.Parser);

    public InviteResponse Invite(DeviceCredential credential, InviteRequest request) => Call(RequestType.Invite, credential, request, InviteResponse.Parser);

    public AcceptResponse Accept(DeviceCredential credential, AcceptRequest request) => Call(RequestType.Accept, credential, request, AcceptResponse.Parser);

    public SendOne2oneMsgResponse SendOne2oneMsg(DeviceCredential credential, SendOne2oneMsgRequest request) => Call(RequestType.SendOne2oneMsg, credential, request, SendOne2oneMsgResponse.Parser);

    public CreateGroupResponse CreateGroup(DeviceCredential credential, CreateGroupRequest request) => Call(RequestType.CreateGroup, credential, request, CreateGroupResponse.Parser);

    public AddGroupMembersResponse AddGroupMembers(DeviceCredential credential, AddGroupMembersRequest request) => Call(RequestType.AddGroupMembers, credential, request, AddGroupMembersResponse.Parser);

    public RemoveGroupMembersResponse RemoveGroupMembers(DeviceCredential credential, RemoveGroupMembersRequest request) => Call(RequestType.RemoveGroupMembers, credential, request, RemoveGroupMembersResponse.Parser);

    public AddGroupMemberDeviceResponse AddGroupMemberDevice(DeviceCredential credential, AddGroupMemberDeviceRequest request) => Call(RequestType.AddGroupMemberDevice, credential, request, AddGroupMemberDeviceResponse.Parser);

    public LeaveGroupResponse LeaveGroup(DeviceCredential credential, LeaveGroupRequest request) => Call(RequestType.LeaveGroup, credential, request, LeaveGroupResponse.Parser);

    public SendGroupMsgResponse SendGroupMsg(DeviceCredential credential, SendGroupMsgRequest request) => Call(RequestType.SendGroupMsg, credential, request, SendGroupMsgResponse.Parser);

    public ConsumeProtoMsgResponse ConsumeProtoMsg(DeviceCredential credential, ConsumeProtoMsgRequest request) => Call(RequestType.ConsumeProtoMsg, credential, request, ConsumeProtoMsgResponse.Parser);

    private T Call<T>(RequestType type, DeviceCredential? credential, IMessage request, MessageParser<T> parser)
        where T : IMessage<T> => parser.ParseFrom(exchange(type, credential, request.ToByteArray()));
}
