using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Integration.Tests.Crashes;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// A durable store that keeps the snapshot bytes (so every restart goes through the codec) and may crash before or
/// after the write. The write itself is atomic: a crash "during" it leaves either the old or the new snapshot, which
/// is what before and after cover.
/// </summary>
internal sealed class CrashingStore(CrashPlan plan) : IDeviceStateStore<DeviceState>
{
    private byte[]? _bytes;

    public int Saves { get; private set; }

    public DeviceState? Load() => _bytes is null ? null : DeviceStateCodec.Decode(_bytes);

    public void Save(DeviceState state)
    {
        plan.At("before_save");
        _bytes = DeviceStateCodec.Encode(state);
        Saves++;
        plan.At("after_save");
    }
}

/// <summary>The application's event sink: may crash before an event is taken or after it was taken (before the device knows).</summary>
internal sealed class CrashingEvents(CrashPlan plan, IDeviceEvents<StoredEvent> application) : IDeviceEvents<StoredEvent>
{
    public void Raise(StoredEvent e)
    {
        plan.At("before_event");
        application.Raise(e);
        plan.At("after_event");
    }
}

/// <summary>
/// The transport: may crash before a request leaves, or after the server carried it out but before the device sees
/// the answer.
/// </summary>
internal sealed class CrashingTransport(CrashPlan plan, ITransport server) : ITransport
{
    private T Call<T>(Func<T> send)
    {
        plan.At("before_request");
        T response = send();
        plan.At("after_request");
        return response;
    }

    public Wire.RegisterUserResponse RegisterUser(Wire.RegisterUserRequest request) => server.RegisterUser(request);

    public Wire.PublishSpkResponse PublishSpk(DeviceCredential credential, Wire.PublishSpkRequest request) => Call(() => server.PublishSpk(credential, request));

    public Wire.SupplyOpksResponse SupplyOpks(DeviceCredential credential, Wire.SupplyOpksRequest request) => Call(() => server.SupplyOpks(credential, request));

    public Wire.GetPreKeyBundleResponse GetPreKeyBundle(DeviceCredential credential, Wire.GetPreKeyBundleRequest request) => Call(() => server.GetPreKeyBundle(credential, request));

    public Wire.UpdateUserResponse UpdateUser(DeviceCredential credential, Wire.UpdateUserRequest request) => Call(() => server.UpdateUser(credential, request));

    public Wire.InviteResponse Invite(DeviceCredential credential, Wire.InviteRequest request) => Call(() => server.Invite(credential, request));

    public Wire.AcceptResponse Accept(DeviceCredential credential, Wire.AcceptRequest request) => Call(() => server.Accept(credential, request));

    public Wire.SendOne2oneMsgResponse SendOne2oneMsg(DeviceCredential credential, Wire.SendOne2oneMsgRequest request) => Call(() => server.SendOne2oneMsg(credential, request));

    public Wire.CreateGroupResponse CreateGroup(DeviceCredential credential, Wire.CreateGroupRequest request) => Call(() => server.CreateGroup(credential, request));

    public Wire.AddGroupMembersResponse AddGroupMembers(DeviceCredential credential, Wire.AddGroupMembersRequest request) => Call(() => server.AddGroupMembers(credential, request));

    public Wire.RemoveGroupMembersResponse RemoveGroupMembers(DeviceCredential credential, Wire.RemoveGroupMembersRequest request) => Call(() => server.RemoveGroupMembers(credential, request));

    public Wire.AddGroupMemberDeviceResponse AddGroupMemberDevice(DeviceCredential credential, Wire.AddGroupMemberDeviceRequest request) => Call(() => server.AddGroupMemberDevice(credential, request));

    public Wire.LeaveGroupResponse LeaveGroup(DeviceCredential credential, Wire.LeaveGroupRequest request) => Call(() => server.LeaveGroup(credential, request));

    public Wire.SendGroupMsgResponse SendGroupMsg(DeviceCredential credential, Wire.SendGroupMsgRequest request) => Call(() => server.SendGroupMsg(credential, request));

    public Wire.ConsumeProtoMsgResponse ConsumeProtoMsg(DeviceCredential credential, Wire.ConsumeProtoMsgRequest request) => Call(() => server.ConsumeProtoMsg(credential, request));
}
