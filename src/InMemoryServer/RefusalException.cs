using E2eeConformance.Engine.Wire;

namespace E2eeConformance.InMemoryServer;

/// <summary>
/// A request the server refuses, with the response code it answers (seed 000 §Response code). Internal: thrown while a
/// request is validated (before anything changes) and turned into the response at the request boundary, so no caller
/// ever sees it.
/// </summary>
internal sealed class RefusalException(ResponseCode code, string message) : Exception(message)
{
    public ResponseCode Code { get; } = code;

    /// <summary>A refusal with <paramref name="code"/> (import with <c>using static</c>: <c>throw Refuse(...)</c>).</summary>
    public static RefusalException Refuse(ResponseCode code, string message) => new(code, message);

    /// <summary>A BAD_REQUEST refusal: the request itself is malformed.</summary>
    public static RefusalException BadRequest(string message) => new(ResponseCode.BadRequest, message);
}
