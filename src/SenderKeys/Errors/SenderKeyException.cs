namespace E2eeConformance.SenderKeys.Errors;

/// <summary>A refused input of the sender-key family, with its stable <see cref="Code"/>.</summary>
public sealed class SenderKeyException(SenderKeyErrorCode code, string detail)
    : Exception($"{SenderKeyErrorCodes.Name(code)}: {detail}")
{
    /// <summary>Why the input was refused.</summary>
    public SenderKeyErrorCode Code { get; } = code;

    /// <summary>What was wrong, for a person (never a secret).</summary>
    public string Detail { get; } = detail;
}
