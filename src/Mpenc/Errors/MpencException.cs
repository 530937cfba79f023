namespace E2eeConformance.Mpenc.Errors;

/// <summary>An input the mpENC family refuses, with its stable code; the state it was given is unchanged.</summary>
public sealed class MpencException(MpencErrorCode code, string detail) : Exception($"{MpencErrorCodes.Name(code)}: {detail}")
{
    /// <summary>Why.</summary>
    public MpencErrorCode Code { get; } = code;

    /// <summary>The detail, for people.</summary>
    public string Detail { get; } = detail;
}
