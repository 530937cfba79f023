namespace E2eeConformance.Engine.Errors;

/// <summary>
/// The one exception for bad peer input (STYLE #5): it carries a stable <see cref="ProtocolErrorCode"/>.
/// Thrown only before any state is committed, so a caller that catches it holds the unchanged state.
/// </summary>
public sealed class ProtocolException : Exception
{
    public ProtocolException(ProtocolErrorCode code, string detail)
        : base($"{code.Name()}: {detail}") => (Code, Detail) = (code, detail);

    public ProtocolException(ProtocolErrorCode code, string detail, Exception inner)
        : base($"{code.Name()}: {detail}", inner) => (Code, Detail) = (code, detail);

    public ProtocolErrorCode Code { get; }

    public string Detail { get; }
}
