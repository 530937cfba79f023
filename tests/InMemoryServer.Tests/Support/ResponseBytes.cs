using Google.Protobuf;
using Google.Protobuf.Reflection;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Wire;

namespace E2eeConformance.InMemoryServer.Tests.Support;

/// <summary>The response message of every request type that answers with a code, and reading that code from bytes.</summary>
internal static class ResponseBytes
{
    public static readonly IReadOnlyDictionary<RequestType, MessageDescriptor> Types = new Dictionary<RequestType, MessageDescriptor>
    {
        [RequestType.RegisterUser] = RegisterUserResponse.Descriptor,
        [RequestType.PublishSpk] = PublishSpkResponse.Descriptor,
        [RequestType.SupplyOpks] = SupplyOpksResponse.Descriptor,
        [RequestType.GetPreKeyBundle] = GetPreKeyBundleResponse.Descriptor,
        [RequestType.UpdateUser] = UpdateUserResponse.Descriptor,
        [RequestType.Invite] = InviteResponse.Descriptor,
        [RequestType.Accept] = AcceptResponse.Descriptor,
        [RequestType.SendOne2oneMsg] = SendOne2oneMsgResponse.Descriptor,
        [RequestType.CreateGroup] = CreateGroupResponse.Descriptor,
        [RequestType.AddGroupMembers] = AddGroupMembersResponse.Descriptor,
        [RequestType.RemoveGroupMembers] = RemoveGroupMembersResponse.Descriptor,
        [RequestType.AddGroupMemberDevice] = AddGroupMemberDeviceResponse.Descriptor,
        [RequestType.LeaveGroup] = LeaveGroupResponse.Descriptor,
        [RequestType.SendGroupMsg] = SendGroupMsgResponse.Descriptor,
        [RequestType.ConsumeProtoMsg] = ConsumeProtoMsgResponse.Descriptor,
    };

    /// <summary>The response code in <paramref name="responseBytes"/>, a response to a request of <paramref name="type"/>.</summary>
    public static ResponseCode CodeOf(RequestType type, byte[] responseBytes)
    {
        IMessage response = Types[type].Parser.ParseFrom(responseBytes);
        return (ResponseCode)Convert.ToInt32(Types[type].FindFieldByName("code").Accessor.GetValue(response), System.Globalization.CultureInfo.InvariantCulture);
    }
}
