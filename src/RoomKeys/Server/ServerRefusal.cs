namespace E2eeConformance.RoomKeys.Server;

/// <summary>The stable codes of the server's <c>RequestRefused</c> (docs/protocols/room-keys.md, "Server refusals").</summary>
public static class ServerRefusal
{
    /// <summary>The connection has not registered a public key.</summary>
    public const string NotRegistered = "not_registered";

    /// <summary>A user the server does not know.</summary>
    public const string UnknownUser = "unknown_user";

    /// <summary>A room that does not exist.</summary>
    public const string NoSuchSession = "no_such_session";

    /// <summary>A room id already taken.</summary>
    public const string SessionExists = "session_exists";

    /// <summary>The requester (or the user a key is for) is not a member of the room.</summary>
    public const string NotAMember = "not_a_member";

    /// <summary>The user is a member already.</summary>
    public const string AlreadyMember = "already_member";

    /// <summary>An owner-only request (e2eeize, dee2eeize, removal) from another member.</summary>
    public const string NotOwner = "not_owner";

    /// <summary>No open join request or invitation for that user.</summary>
    public const string NotPending = "not_pending";

    /// <summary>A message or key whose sender is not the connection's user.</summary>
    public const string ForgedSender = "forged_sender";

    /// <summary>A message or key under a generation the room has retired (RK-12: the current and the one before are accepted).</summary>
    public const string RetiredRoomKey = "retired_room_key";

    /// <summary>A key for a generation the room has not reached.</summary>
    public const string UnknownGeneration = "unknown_generation";

    /// <summary>A request with nothing in it.</summary>
    public const string EmptyRequest = "empty_request";
}
