using E2eeConformance.Engine.Wire;

namespace E2eeConformance.Scenarios.Simulation;

/// <summary>The short kind names scenarios and transcripts use for ProtoMsg payloads.</summary>
public static class ProtoMsgKinds
{
    /// <summary>Every kind name, in a stable order (<c>other</c> last).</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "invite", "accept", "one2one", "group", "create_group", "add_members", "remove_members", "add_member_device",
        "leave_group", "supply_opks", "add_user_device", "remove_user_device", "update_user", "heartbeat", "other",
    ];

    /// <summary>
    /// The kind name of <paramref name="message"/>'s payload (<c>group</c> or <c>one2one</c> for an E2eeMsg;
    /// <c>other</c> when unknown).
    /// </summary>
    public static string Of(ProtoMsg message) => message.PayloadCase switch
    {
        ProtoMsg.PayloadOneofCase.InviteMsg => "invite",
        ProtoMsg.PayloadOneofCase.AcceptMsg => "accept",
        ProtoMsg.PayloadOneofCase.E2EeMsg => message.E2EeMsg.PayloadCase == E2eeMsg.PayloadOneofCase.GroupMsg ? "group" : "one2one",
        ProtoMsg.PayloadOneofCase.CreateGroupMsg => "create_group",
        ProtoMsg.PayloadOneofCase.AddGroupMembersMsg => "add_members",
        ProtoMsg.PayloadOneofCase.RemoveGroupMembersMsg => "remove_members",
        ProtoMsg.PayloadOneofCase.AddGroupMemberDeviceMsg => "add_member_device",
        ProtoMsg.PayloadOneofCase.LeaveGroupMsg => "leave_group",
        ProtoMsg.PayloadOneofCase.SupplyOpksMsg => "supply_opks",
        ProtoMsg.PayloadOneofCase.AddUserDeviceMsg => "add_user_device",
        ProtoMsg.PayloadOneofCase.RemoveUserDeviceMsg => "remove_user_device",
        ProtoMsg.PayloadOneofCase.UpdateUserMsg => "update_user",
        ProtoMsg.PayloadOneofCase.ServerHeartbeatMsg => "heartbeat",
        _ => "other",
    };

    /// <summary>The address a ProtoMsg's content comes from (the inner message's sender when the envelope names the server).</summary>
    public static E2eeAddress? SenderOf(ProtoMsg message) => message.PayloadCase switch
    {
        ProtoMsg.PayloadOneofCase.E2EeMsg => message.E2EeMsg.From,
        ProtoMsg.PayloadOneofCase.InviteMsg => message.InviteMsg.From,
        ProtoMsg.PayloadOneofCase.AcceptMsg => message.AcceptMsg.From,
        ProtoMsg.PayloadOneofCase.CreateGroupMsg => message.CreateGroupMsg.SenderAddress,
        ProtoMsg.PayloadOneofCase.AddGroupMembersMsg => message.AddGroupMembersMsg.SenderAddress,
        ProtoMsg.PayloadOneofCase.RemoveGroupMembersMsg => message.RemoveGroupMembersMsg.SenderAddress,
        ProtoMsg.PayloadOneofCase.AddGroupMemberDeviceMsg => message.AddGroupMemberDeviceMsg.SenderAddress,
        ProtoMsg.PayloadOneofCase.LeaveGroupMsg => message.LeaveGroupMsg.UserAddress,
        _ => message.From,
    };
}
