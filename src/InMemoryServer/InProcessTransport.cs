using Google.Protobuf;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Wire;

namespace E2eeConformance.InMemoryServer;

/// <summary>
/// The protocols plugin handler (seed 000 §Plugins) wired straight to an <see cref="E2eeServer"/> in the same process.
/// By default every request is serialized, handed to <see cref="E2eeServer.Handle"/> and the response parsed back,
/// so the wire encoding is exercised as over a network; with <c>viaBytes: false</c> the server's typed methods are
/// called directly (requests are still copied, so the caller may reuse them).
/// </summary>
public sealed class InProcessTransport(E2eeServer server, bool viaBytes = true) : ITransport
{
    private readonly E2eeServer _server = server ?? throw new ArgumentNullException(nameof(server));

    public E2eeServer Server => _server;

    public RegisterUserResponse RegisterUser(RegisterUserRequest request) =>
        Call(RequestType.RegisterUser, null, request, RegisterUserResponse.Parser, r => _server.RegisterUser(r));

    public PublishSpkResponse PublishSpk(DeviceCredential credential, PublishSpkRequest request) =>
        Call(RequestType.PublishSpk, credential, request, PublishSpkResponse.Parser, r => _server.PublishSpk(credential, r));

    public SupplyOpksResponse SupplyOpks(DeviceCredential credential, SupplyOpksRequest request) =>
        Call(RequestType.SupplyOpks, credential, request, SupplyOpksResponse.Parser, r => _server.SupplyOpks(credential, r));

    public GetPreKeyBundleResponse GetPreKeyBundle(DeviceCredential credential, GetPreKeyBundleRequest request) =>
        Call(RequestType.GetPreKeyBundle, credential, request, GetPreKeyBundleResponse.Parser, r => _server.GetPreKeyBundle(credential, r));

    public UpdateUserResponse UpdateUser(DeviceCredential credential, UpdateUserRequest request) =>
        Call(RequestType.UpdateUser, credential, request, UpdateUserResponse.Parser, r => _server.UpdateUser(credential, r));

    public InviteResponse Invite(DeviceCredential credential, InviteRequest request) =>
        Call(RequestType.Invite, credential, request, InviteResponse.Parser, r => _server.Invite(credential, r));

    public AcceptResponse Accept(DeviceCredential credential, AcceptRequest request) =>
        Call(RequestType.Accept, credential, request, AcceptResponse.Parser, r => _server.Accept(credential, r));

    public SendOne2oneMsgResponse SendOne2oneMsg(DeviceCredential credential, SendOne2oneMsgRequest request) =>
        Call(RequestType.SendOne2oneMsg, credential, request, SendOne2oneMsgResponse.Parser, r => _server.SendOne2oneMsg(credential, r));

    public CreateGroupResponse CreateGroup(DeviceCredential credential, CreateGroupRequest request) =>
        Call(RequestType.CreateGroup, credential, request, CreateGroupResponse.Parser, r => _server.CreateGroup(credential, r));

    public AddGroupMembersResponse AddGroupMembers(DeviceCredential credential, AddGroupMembersRequest request) =>
        Call(RequestType.AddGroupMembers, credential, request, AddGroupMembersResponse.Parser, r => _server.AddGroupMembers(credential, r));

    public RemoveGroupMembersResponse RemoveGroupMembers(DeviceCredential credential, RemoveGroupMembersRequest request) =>
        Call(RequestType.RemoveGroupMembers, credential, request, RemoveGroupMembersResponse.Parser, r => _server.RemoveGroupMembers(credential, r));

    public AddGroupMemberDeviceResponse AddGroupMemberDevice(DeviceCredential credential, AddGroupMemberDeviceRequest request) =>
        Call(RequestType.AddGroupMemberDevice, credential, request, AddGroupMemberDeviceResponse.Parser, r => _server.AddGroupMemberDevice(credential, r));

    public LeaveGroupResponse LeaveGroup(DeviceCredential credential, LeaveGroupRequest request) =>
        Call(RequestType.LeaveGroup, credential, request, LeaveGroupResponse.Parser, r => _server.LeaveGroup(credential, r));

    public SendGroupMsgResponse SendGroupMsg(DeviceCredential credential, SendGroupMsgRequest request) =>
        Call(RequestType.SendGroupMsg, credential, request, SendGroupMsgResponse.Parser, r => _server.SendGroupMsg(credential, r));

    public ConsumeProtoMsgResponse ConsumeProtoMsg(DeviceCredential credential, ConsumeProtoMsgRequest request) =>
        Call(RequestType.ConsumeProtoMsg, credential, request, ConsumeProtoMsgResponse.Parser, r => _server.ConsumeProtoMsg(credential, r));

    /// <summary>seed 000 §ServerHeartbeatMsg: null when the server refuses the heartbeat.</summary>
    public ServerHeartbeatMsg? Heartbeat(DeviceCredential credential, ClientHeartbeatMsg heartbeat)
    {
        if (!viaBytes)
        {
            return _server.Heartbeat(credential, heartbeat.Clone());
        }

        byte[] bytes = _server.Handle(RequestType.Heartbeat, credential, heartbeat.ToByteArray());
        return bytes.Length == 0 ? null : ServerHeartbeatMsg.Parser.ParseFrom(bytes);
    }

    private TResponse Call<TRequest, TResponse>(
        RequestType type,
        DeviceCredential? credential,
        TRequest request,
        MessageParser<TResponse> responseParser,
        Func<TRequest, TResponse> direct)
        where TRequest : IMessage<TRequest>, IDeepCloneable<TRequest>
        where TResponse : IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(request);
        return viaBytes
            ? responseParser.ParseFrom(_server.Handle(type, credential, request.ToByteArray()))
            : direct(request.Clone());
    }
}
