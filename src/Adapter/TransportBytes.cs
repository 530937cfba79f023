using Google.Protobuf;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Wire;

namespace E2eeConformance.Adapter;

/// <summary>
/// The other end of an <see cref="ExchangeTransport"/>: request bytes of a type, handed to an <see cref="ITransport"/>
/// (the harness's own, with its observers and network), and the response's bytes back. What the harness does with a
/// shim's <c>request</c> line (docs/ADAPTER.md, the wire channel).
/// </summary>
public static class TransportBytes
{
    /// <summary>Parses <paramref name="body"/> as the request of <paramref name="type"/>, sends it, returns the response's bytes.</summary>
    /// <exception cref="InvalidDataException">The bytes are not that request, a credential is missing, or the type is not one a device sends.</exception>
    public static byte[] Serve(ITransport transport, RequestType type, DeviceCredential? credential, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(transport);
        try
        {
            IMessage? response = type switch
            {
                RequestType.RegisterUser => transport.RegisterUser(RegisterUserRequest.Parser.ParseFrom(body)),
                RequestType.PublishSpk => transport.PublishSpk(Need(credential), PublishSpkRequest.Parser.ParseFrom(body)),
                RequestType.SupplyOpks => transport.SupplyOpks(Need(credential), SupplyOpksRequest.Parser.ParseFrom(body)),
                RequestType.GetPreKeyBundle => transport.GetPreKeyBundle(Need(credential), GetPreKeyBundleRequest.Parser.ParseFrom(body)),
                RequestType.UpdateUser => transport.UpdateUser(Need(credential), UpdateUserRequest.Parser.ParseFrom(body)),
                RequestType.Invite => transport.Invite(Need(credential), InviteRequest.Parser.ParseFrom(body)),
                RequestType.Accept => transport.Accept(Need(credential), AcceptRequest.Parser.ParseFrom(body)),
                RequestType.SendOne2oneMsg => transport.SendOne2oneMsg(Need(credential), SendOne2oneMsgRequest.Parser.ParseFrom(body)),
                RequestType.CreateGroup => transport.CreateGroup(Need(credential), CreateGroupRequest.Parser.ParseFrom(body)),
                RequestType.AddGroupMembers => transport.AddGroupMembers(Need(credential), AddGroupMembersRequest.Parser.ParseFrom(body)),
                RequestType.RemoveGroupMembers => transport.RemoveGroupMembers(Need(credential), RemoveGroupMembersRequest.Parser.ParseFrom(body)),
                RequestType.AddGroupMemberDevice => transport.AddGroupMemberDevice(Need(credential), AddGroupMemberDeviceRequest.Parser.ParseFrom(body)),
                RequestType.LeaveGroup => transport.LeaveGroup(Need(credential), LeaveGroupRequest.Parser.ParseFrom(body)),
                RequestType.SendGroupMsg => transport.SendGroupMsg(Need(credential), SendGroupMsgRequest.Parser.ParseFrom(body)),
                RequestType.ConsumeProtoMsg => transport.ConsumeProtoMsg(Need(credential), ConsumeProtoMsgRequest.Parser.ParseFrom(body)),
                _ => throw new InvalidDataException($"a device does not send {RequestNames.Of(type)} through the wire channel"),
            };
            return response?.ToByteArray() ?? [];
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"the body of a {RequestNames.Of(type)} request is not one: {e.Message}", e);
        }
    }

    private static DeviceCredential Need(DeviceCredential? credential) =>
        credential ?? throw new InvalidDataException("a request other than register_user needs the device's address and token");
}
