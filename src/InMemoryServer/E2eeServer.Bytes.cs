using Google.Protobuf;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Wire;

namespace E2eeConformance.InMemoryServer;

/// <summary>The byte-level entry point: what a network front end (or <see cref="InProcessTransport"/>) calls.</summary>
public sealed partial class E2eeServer
{
    /// <summary>
    /// Parses <paramref name="requestBytes"/> as the request message of <paramref name="type"/>, serves it, and returns
    /// the serialized response. Bytes that do not parse are answered with a BAD_REQUEST response of that type (never
    /// an exception) and change nothing. <paramref name="credential"/> is ignored for registration. A heartbeat answers
    /// with a ServerHeartbeatMsg, or no bytes when refused.
    /// </summary>
    public byte[] Handle(RequestType type, DeviceCredential? credential, ReadOnlySpan<byte> requestBytes) => type switch
    {
        RequestType.RegisterUser => Dispatch(type, requestBytes, RegisterUserRequest.Parser, RegisterUser, (c, m) => new RegisterUserResponse { Code = c, Msg = m }),
        RequestType.PublishSpk => Dispatch(type, requestBytes, PublishSpkRequest.Parser, r => PublishSpk(credential, r), (c, m) => new PublishSpkResponse { Code = c, Msg = m }),
        RequestType.SupplyOpks => Dispatch(type, requestBytes, SupplyOpksRequest.Parser, r => SupplyOpks(credential, r), (c, m) => new SupplyOpksResponse { Code = c, Msg = m }),
        RequestType.GetPreKeyBundle => Dispatch(type, requestBytes, GetPreKeyBundleRequest.Parser, r => GetPreKeyBundle(credential, r), (c, m) => new GetPreKeyBundleResponse { Code = c, Msg = m }),
        RequestType.UpdateUser => Dispatch(type, requestBytes, UpdateUserRequest.Parser, r => UpdateUser(credential, r), (c, m) => new UpdateUserResponse { Code = c, Msg = m }),
        RequestType.Invite => Dispatch(type, requestBytes, InviteRequest.Parser, r => Invite(credential, r), (c, m) => new InviteResponse { Code = c, Msg = m }),
        RequestType.Accept => Dispatch(type, requestBytes, AcceptRequest.Parser, r => Accept(credential, r), (c, m) => new AcceptResponse { Code = c, Msg = m }),
        RequestType.SendOne2oneMsg => Dispatch(type, requestBytes, SendOne2oneMsgRequest.Parser, r => SendOne2oneMsg(credential, r), (c, m) => new SendOne2oneMsgResponse { Code = c, Msg = m }),
        RequestType.CreateGroup => Dispatch(type, requestBytes, CreateGroupRequest.Parser, r => CreateGroup(credential, r), (c, m) => new CreateGroupResponse { Code = c, Msg = m }),
        RequestType.AddGroupMembers => Dispatch(type, requestBytes, AddGroupMembersRequest.Parser, r => AddGroupMembers(credential, r), (c, m) => new AddGroupMembersResponse { Code = c, Msg = m }),
        RequestType.RemoveGroupMembers => Dispatch(type, requestBytes, RemoveGroupMembersRequest.Parser, r => RemoveGroupMembers(credential, r), (c, m) => new RemoveGroupMembersResponse { Code = c, Msg = m }),
        RequestType.AddGroupMemberDevice => Dispatch(type, requestBytes, AddGroupMemberDeviceRequest.Parser, r => AddGroupMemberDevice(credential, r), (c, m) => new AddGroupMemberDeviceResponse { Code = c, Msg = m }),
        RequestType.LeaveGroup => Dispatch(type, requestBytes, LeaveGroupRequest.Parser, r => LeaveGroup(credential, r), (c, m) => new LeaveGroupResponse { Code = c, Msg = m }),
        RequestType.SendGroupMsg => Dispatch(type, requestBytes, SendGroupMsgRequest.Parser, r => SendGroupMsg(credential, r), (c, m) => new SendGroupMsgResponse { Code = c, Msg = m }),
        RequestType.ConsumeProtoMsg => Dispatch(type, requestBytes, ConsumeProtoMsgRequest.Parser, r => ConsumeProtoMsg(credential, r), (c, m) => new ConsumeProtoMsgResponse { Code = c, Msg = m }),
        RequestType.Heartbeat => Dispatch<ClientHeartbeatMsg, IMessage?>(type, requestBytes, ClientHeartbeatMsg.Parser, r => Heartbeat(credential, r), (_, _) => null),
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
        TRequest request;
        try
        {
            request = parser.ParseFrom(requestBytes);
        }
        catch (InvalidProtocolBufferException malformed)
        {
            Interlocked.Increment(ref _refused);
            string reason = $"the request bytes are not a {typeof(TRequest).Name}: {malformed.Message}";
            ServerLog.RequestServed(_logger, type, "(unparsed)", (int)ResponseCode.BadRequest, ResponseCode.BadRequest, reason);
            return refuse(ResponseCode.BadRequest, reason)?.ToByteArray() ?? [];
        }

        return serve(request)?.ToByteArray() ?? [];
    }
}
