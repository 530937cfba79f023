using E2eeConformance.RoomKeys.Wire;
using E2eeConformance.Scenarios.Running.Relayed;

namespace E2eeConformance.Scenarios.Running.RoomKeys;

/// <summary>One server notification on its way to one device (the room-key family's in-flight message).</summary>
internal sealed class RoomKeyFlight(long sequence, string to, string from, string kind, string? label, ServerNotification notification) : Flight(sequence, to, from, kind, label)
{
    /// <summary>The kinds a selector's <c>kind</c> may name in this family.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [Group, RoomKey, Join, Replacement, Membership, Refusal];

    /// <summary>A member's text (MessageNotification), encrypted or in the clear.</summary>
    public const string Group = "group";

    /// <summary>A room key wrapped to the device (ReceiveRoomKeyNotification, AllowUserJoinSessionNotification).</summary>
    public const string RoomKey = "room_key";

    /// <summary>Joining: a join request to approve (JoinSessionApproval), an invitation (InviteUserToSession), an accepted invitation (AcceptSessionNotification).</summary>
    public const string Join = "join";

    /// <summary>A replacement to make (UpdateRoomKeyNotification, SendRoomKeyNotification).</summary>
    public const string Replacement = "replacement";

    /// <summary>The room's state: created, end-to-end encryption switched, the device out of it.</summary>
    public const string Membership = "membership";

    /// <summary>The server's refusal of a request.</summary>
    public const string Refusal = "refused";

    public ServerNotification Notification { get; } = notification;

    /// <summary>How the transcript names it: <c>join server -> bob/1 (InviteUserToSession)</c>, with the seed's name of the notification.</summary>
    public override string ToString() => Notification.NotificationCase == ServerNotification.NotificationOneofCase.Message
        ? base.ToString()
        : $"{base.ToString()} ({SeedName(Notification)})";

    /// <summary>The seed's name of a notification (seed 002 names each).</summary>
    public static string SeedName(ServerNotification n) => n.NotificationCase switch
    {
        ServerNotification.NotificationOneofCase.NewSession => "NewSessionNotification",
        ServerNotification.NotificationOneofCase.JoinSessionApproval => "JoinSessionApproval",
        ServerNotification.NotificationOneofCase.AllowUserJoinSession => "AllowUserJoinSessionNotification",
        ServerNotification.NotificationOneofCase.InviteUserToSession => "InviteUserToSession",
        ServerNotification.NotificationOneofCase.AcceptSession => "AcceptSessionNotification",
        ServerNotification.NotificationOneofCase.ReceiveRoomKey => "ReceiveRoomKeyNotification",
        ServerNotification.NotificationOneofCase.UpdateRoomKey => "UpdateRoomKeyNotification",
        ServerNotification.NotificationOneofCase.SendRoomKey => "SendRoomKeyNotification",
        ServerNotification.NotificationOneofCase.Message => "MessageNotification",
        ServerNotification.NotificationOneofCase.E2EeStatus => "E2eeStatusNotification",
        ServerNotification.NotificationOneofCase.LeftSession => "LeftSessionNotification",
        ServerNotification.NotificationOneofCase.Refused => "RequestRefused",
        _ => "an empty notification",
    };

    /// <summary>The kind of <paramref name="n"/> as selectors name it.</summary>
    public static string KindOf(ServerNotification n) => n.NotificationCase switch
    {
        ServerNotification.NotificationOneofCase.Message => Group,
        ServerNotification.NotificationOneofCase.ReceiveRoomKey or ServerNotification.NotificationOneofCase.AllowUserJoinSession => RoomKey,
        ServerNotification.NotificationOneofCase.JoinSessionApproval or ServerNotification.NotificationOneofCase.InviteUserToSession or ServerNotification.NotificationOneofCase.AcceptSession => Join,
        ServerNotification.NotificationOneofCase.UpdateRoomKey or ServerNotification.NotificationOneofCase.SendRoomKey => Replacement,
        ServerNotification.NotificationOneofCase.Refused => Refusal,
        _ => Membership,
    };
}
