namespace E2eeConformance.RoomKeys.Errors;

/// <summary>A refused input of the room-key family, with its stable <see cref="Code"/>.</summary>
public sealed class RoomKeyException : Exception
{
    /// <summary>A refusal with <paramref name="code"/> and what was wrong.</summary>
    public RoomKeyException(RoomKeyErrorCode code, string detail)
        : base($"{RoomKeyErrorCodes.Name(code)}: {detail}")
    {
        Code = code;
        Detail = detail;
    }

    /// <summary>The stable code.</summary>
    public RoomKeyErrorCode Code { get; }

    /// <summary>What was wrong, for people.</summary>
    public string Detail { get; }
}
