using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Client;

/// <summary>The snake_case names of the request types, as refusal events and exceptions report them.</summary>
public static class RequestNames
{
    /// <summary>The name of <paramref name="type"/> (e.g. <c>remove_group_members</c>).</summary>
    public static string Of(RequestType type) => type switch
    {
        RequestType.PublishSpk => "publish_spk",
        RequestType.SupplyOpks => "supply_opks",
        RequestType.Invite => "invite",
        RequestType.Accept => "accept",
        RequestType.SendOne2oneMsg => "send_one2one_msg",
        RequestType.SendGroupMsg => "send_group_msg",
        RequestType.ConsumeProtoMsg => "consume_proto_msg",
        RequestType.RegisterUser => "register_user",
        RequestType.GetPreKeyBundle => "get_pre_key_bundle",
        RequestType.UpdateUser => "update_user",
        RequestType.CreateGroup => "create_group",
        RequestType.AddGroupMembers => "add_group_members",
        RequestType.RemoveGroupMembers => "remove_group_members",
        RequestType.AddGroupMemberDevice => "add_group_member_device",
        RequestType.LeaveGroup => "leave_group",
        RequestType.Heartbeat => "heartbeat",
        _ => $"request_{(int)type}",
    };
}
