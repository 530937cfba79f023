using E2eeConformance.RoomKeys.Wire;

namespace E2eeConformance.RoomKeys.Device;

/// <summary>What a device is given to process: a command of its user, or a notification of the server.</summary>
public abstract record DeviceInput;

/// <summary>Create a room (seed 002, "create an end-to-end encrypted group chat"): with a first room key when <paramref name="E2eeOn"/>.</summary>
public sealed record CreateRoom(string Room, bool E2eeOn = true) : DeviceInput;

/// <summary>Ask to join a room (join_session).</summary>
public sealed record RequestJoin(string Room) : DeviceInput;

/// <summary>Admit a user who asked to join (allow_user_join_session), handing it the room key.</summary>
public sealed record ApproveJoin(string Room, string User) : DeviceInput;

/// <summary>Invite a user (invite_user_to_session).</summary>
public sealed record Invite(string Room, string User) : DeviceInput;

/// <summary>Leave a room.</summary>
public sealed record LeaveRoom(string Room) : DeviceInput;

/// <summary>Remove a member (owner only, RK-9).</summary>
public sealed record RemoveMember(string Room, string User) : DeviceInput;

/// <summary>Switch end-to-end encryption on (e2eeize_session) or off (dee2eeize_session); owner only.</summary>
public sealed record SetE2ee(string Room, bool On) : DeviceInput;

/// <summary>
/// Send a text to a room. <paramref name="Encrypt"/> is the user's per-message choice (seed: "each user chooses
/// whether to encrypt"); null: encrypt exactly when the room is end-to-end encrypted (RK-16). <paramref name="Tag"/> is
/// the caller's name for the text, echoed in <see cref="TextSent"/> (never sent).
/// </summary>
public sealed record SendRoomText(string Room, byte[] Text, bool? Encrypt = null, string Tag = "") : DeviceInput;

/// <summary>A notification from the server.</summary>
public sealed record Delivered(ServerNotification Notification) : DeviceInput;
