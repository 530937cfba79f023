using Google.Protobuf;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Wire;

namespace E2eeConformance.InMemoryServer;

/// <summary>
/// The byte-level request dispatch (what a network front end or <see cref="InProcessTransport"/> reaches through
/// <see cref="E2eeServer.Handle"/>): owns the map from <see cref="RequestType"/> to the request message parser and the
/// typed request method of the server, and the answers to bytes over the size limit (PAYLOAD_TOO_LARGE, before
/// parsing) and to bytes that do not parse (BAD_REQUEST), each a response of the request's type, counted and logged by
/// the server, changing nothing. Holds no state.
/// </summary>
internal sealed class RequestDispatcher(E2eeServer server)
{
    /// <summary>Parses, serves and serializes one request; see <see cref="E2eeServer.Handle"/>.</summary>
    public byte[] Handle(RequestType type, DeviceCredential? credential, ReadOnlySpan<byte> requestBytes) => type switch
    {
        RequestType.RegisterUser => Dispatch(type, requestBytes, RegisterUserRequest.Parser, server.RegisterUser, (c, m) => new RegisterUserResponse { Code = c, Msg = m }),
        RequestType.PublishSpk => Dispatch(type, requestBytes, PublishSpkRequest.Parser, r => server.PublishSpk(credential, r), (c, m) => new PublishSpkResponse { Code = c, Msg = m }),
        RequestType.SupplyOpks => Dispatch(type, requestBytes, SupplyOpksRequest.Parser, r => server.SupplyOpks(credential, r), (c, m) => new SupplyOpksResponse { Code = c, Msg = m }),
        RequestType.GetPreKeyBundle => Dispatch(type, requestBytes, GetPreKeyBundleRequest.Parser, r => server.GetPreKeyBundle(credential, r), (c, m) => new GetPreKeyBundleResponse { Code = c, Msg = m }),
        RequestType.UpdateUser => Dispatch(type, requestBytes, UpdateUserRequest.Parser, r => server.UpdateUser(credential, r), (c, m) => new UpdateUserResponse { Code = c, Msg = m }),
        RequestType.Invite => Dispatch(type, requestBytes, InviteRequest.Parser, r => server.Invite(credential, r), (c, m) => new InviteResponse { Code = c, Msg = m }),
        RequestType.Accept => Dispatch(type, requestBytes, AcceptRequest.Parser, r => server.Accept(credential, r), (c, m) => new AcceptResponse { Code = c, Msg = m }),
        RequestType.SendOne2oneMsg => Dispatch(type, requestBytes, SendOne2oneMsgRequest.Parser, r => server.SendOne2oneMsg(credential, r), (c, m) => new SendOne2oneMsgResponse { Code = c, Msg = m }),
        RequestType.CreateGroup => Dispatch(type, requestBytes, CreateGroupRequest.Parser, r => server.CreateGroup(credential, r), (c, m) => new CreateGroupResponse { Code = c, Msg = m }),
        RequestType.AddGroupMembers => Dispatch(type, requestBytes, AddGroupMembersRequest.Parser, r => server.AddGroupMembers(credential, r), (c, m) => new AddGroupMembersResponse { Code = c, Msg = m }),
        RequestType.RemoveGroupMembers => Dispatch(type, requestBytes, RemoveGroupMembersRequest.Parser, r => server.RemoveGroupMembers(credential, r), (c, m) => new RemoveGroupMembersResponse { Code = c, Msg = m }),
        RequestType.AddGroupMemberDevice => Dispatch(type, requestBytes, AddGroupMemberDeviceRequest.Parser, r => server.AddGroupMemberDevice(credential, r), (c, m) => new AddGroupMemberDeviceResponse { Code = c, Msg = m }),
        RequestType.LeaveGroup => Dispatch(type, requestBytes, LeaveGroupRequest.Parser, r => server.LeaveGroup(credential, r), (c, m) => new LeaveGroupResponse { Code = c, Msg = m }),
        RequestType.SendGroupMsg => Dispatch(type, requestBytes, SendGroupMsgRequest.Parser, r => server.SendGroupMsg(credential, r), (c, m) => new SendGroupMsgResponse { Code = c, Msg = m }),
        RequestType.ConsumeProtoMsg => Dispatch(type, requestBytes, ConsumeProtoMsgRequest.Parser, r => server.ConsumeProtoMsg(credential, r), (c, m) => new ConsumeProtoMsgResponse { Code = c, Msg = m }),
        RequestType.Heartbeat => Dispatch<ClientHeartbeatMsg, IMessage?>(type, requestBytes, ClientHeartbeatMsg.Parser, r => server.Heartbeat(credential, r), (_, _) => null),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a request type"),
    };

    private byte[] Dispatch<TRequest, TResponse>(
        RequestType type,
        ReadOnlySpan<byte> requestBytes,
        MessageParser<TRequest> parser,
        Func<TRequest, TResponse> serve,
        Func<ResponseCode, string, TResponse> refuse)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage?
    {
        if (requestBytes.Length > server.Limits.MaxMessageBytes)
        {
            // Refused before parsing: nothing proportional to the bytes is done or allocated.
            string reason = $"the request is {requestBytes.Length} bytes, over the limit of {server.Limits.MaxMessageBytes}";
            return server.RefuseTooLarge(type, reason, refuse)?.ToByteArray() ?? [];
        }

        TRequest request;
        try
        {
            request = parser.ParseFrom(requestBytes);
        }
        catch (InvalidProtocolBufferException malformed)
        {
            string reason = $"the request bytes are not a {typeof(TRequest).Name}: {malformed.Message}";
            server.RecordUnparsed(type, reason);
            return refuse(ResponseCode.BadRequest, reason)?.ToByteArray() ?? [];
        }

        return serve(request)?.ToByteArray() ?? [];
    }
}
