using Google.Protobuf;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Wire;

namespace E2eeConformance.Scenarios.Simulation;

/// <summary>
/// The devices' transport in a run: forwards every request to the in-memory server (through its byte interface),
/// tells the runner about it (for the sequence diagram and the no-plaintext-at-the-server invariant), and lets the
/// network adversary absorb the consume of a ProtoMsg it injected (a fake id the server never issued). A device
/// <paramref name="offline"/> names cannot reach the server: its requests throw <see cref="TransportUnavailableException"/>
/// before anyone sees them, and wait in its outbox.
/// </summary>
public sealed class ObservedTransport(ITransport server, Action<string, DeviceCredential?, IMessage> observe, Func<DeviceCredential, bool>? offline = null) : ITransport
{
    /// <summary>The prefix of ProtoMsg ids the network adversary makes up for replayed and tampered copies.</summary>
    public const string InjectedIdPrefix = "adversary-";

    private T Forward<TRequest, T>(string kind, DeviceCredential? credential, TRequest request, Func<T> send)
        where TRequest : IMessage
    {
        if (credential is not null && offline?.Invoke(credential) == true)
        {
            throw new TransportUnavailableException($"{kind}: the device is offline");
        }

        observe(kind, credential, request);
        return send();
    }

    /// <inheritdoc/>
    public RegisterUserResponse RegisterUser(RegisterUserRequest request) =>
        Forward("register_user", null, request, () => server.RegisterUser(request));

    /// <inheritdoc/>
    public PublishSpkResponse PublishSpk(DeviceCredential credential, PublishSpkRequest request) =>
        Forward("publish_spk", credential, request, () => server.PublishSpk(credential, request));

    /// <inheritdoc/>
    public SupplyOpksResponse SupplyOpks(DeviceCredential credential, SupplyOpksRequest request) =>
        Forward("supply_opks", credential, request, () => server.SupplyOpks(credential, request));

    /// <inheritdoc/>
    public GetPreKeyBundleResponse GetPreKeyBundle(DeviceCredential credential, GetPreKeyBundleRequest request) =>
        Forward("get_pre_key_bundle", credential, request, () => server.GetPreKeyBundle(credential, request) is var answer && RewriteBundles is { } rewrite ? rewrite(credential, answer) : answer);

    /// <summary>
    /// A malicious server's rewriting of the pre-key bundles it hands out (<c>server: { substitute_bundle }</c> and
    /// the like): given the asking device's credential and the honest answer, the answer the device gets. Null: honest.
    /// </summary>
    public Func<DeviceCredential, GetPreKeyBundleResponse, GetPreKeyBundleResponse>? RewriteBundles { get; set; }

    /// <inheritdoc/>
    public UpdateUserResponse UpdateUser(DeviceCredential credential, UpdateUserRequest request) =>
        Forward("update_user", credential, request, () => server.UpdateUser(credential, request));

    /// <inheritdoc/>
    public InviteResponse Invite(DeviceCredential credential, InviteRequest request) =>
        Forward("invite", credential, request, () => server.Invite(credential, request));

    /// <inheritdoc/>
    public AcceptResponse Accept(DeviceCredential credential, AcceptRequest request) =>
        Forward("accept", credential, request, () => server.Accept(credential, request));

    /// <inheritdoc/>
    public SendOne2oneMsgResponse SendOne2oneMsg(DeviceCredential credential, SendOne2oneMsgRequest request) =>
        Forward("send_one2one_msg", credential, request, () => server.SendOne2oneMsg(credential, request));

    /// <inheritdoc/>
    public CreateGroupResponse CreateGroup(DeviceCredential credential, CreateGroupRequest request) =>
        Forward("create_group", credential, request, () => server.CreateGroup(credential, request));

    /// <inheritdoc/>
    public AddGroupMembersResponse AddGroupMembers(DeviceCredential credential, AddGroupMembersRequest request) =>
        Forward("add_group_members", credential, request, () => server.AddGroupMembers(credential, request));

    /// <inheritdoc/>
    public RemoveGroupMembersResponse RemoveGroupMembers(DeviceCredential credential, RemoveGroupMembersRequest request) =>
        Forward("remove_group_members", credential, request, () => server.RemoveGroupMembers(credential, request));

    /// <inheritdoc/>
    public AddGroupMemberDeviceResponse AddGroupMemberDevice(DeviceCredential credential, AddGroupMemberDeviceRequest request) =>
        Forward("add_group_member_device", credential, request, () => server.AddGroupMemberDevice(credential, request));

    /// <inheritdoc/>
    public LeaveGroupResponse LeaveGroup(DeviceCredential credential, LeaveGroupRequest request) =>
        Forward("leave_group", credential, request, () => server.LeaveGroup(credential, request));

    /// <inheritdoc/>
    public SendGroupMsgResponse SendGroupMsg(DeviceCredential credential, SendGroupMsgRequest request) =>
        Forward("send_group_msg", credential, request, () => server.SendGroupMsg(credential, request));

    /// <inheritdoc/>
    public ConsumeProtoMsgResponse ConsumeProtoMsg(DeviceCredential credential, ConsumeProtoMsgRequest request) =>
        request.ProtoMsgId.StartsWith(InjectedIdPrefix, StringComparison.Ordinal)
            ? new ConsumeProtoMsgResponse { Code = ResponseCode.Ok }
            : Forward("consume_proto_msg", credential, request, () => server.ConsumeProtoMsg(credential, request));
}
