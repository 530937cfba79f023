namespace E2eeConformance.Engine.Errors;

/// <summary>
/// The one exception for bad peer input (STYLE #5): it carries a stable <see cref="ProtocolErrorCode"/>.
/// Thrown only before any state is committed, so a caller that catches it holds the unchanged state.
/// </summary>
public sealed class ProtocolException : Exception
{
    /// <summary>
    /// Bad peer input, with its stable code and a human-readable detail (the message is <c>code: detail</c>).
    /// </summary>
    public ProtocolException(ProtocolErrorCode code, string detail)
        : base($"{code.Name()}: {detail}") => (Code, Detail) = (code, detail);

    /// <summary>
    /// Bad peer input, with its stable code, a detail and the exception that revealed it (e.g. a protobuf parse error).
    /// </summary>
    public ProtocolException(ProtocolErrorCode code, string detail, Exception inner)
        : base($"{code.Name()}: {detail}", inner) => (Code, Detail) = (code, detail);

    /// <summary>The stable error code, as scenarios and vectors assert it.</summary>
    public ProtocolErrorCode Code { get; }

    /// <summary>What exactly was wrong, for people (not stable: do not assert on it).</summary>
    public string Detail { get; }
}
