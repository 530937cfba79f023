namespace E2eeConformance.Engine.Client;

/// <summary>The server refused a request the device's application asked for (registration, group management, …).</summary>
public sealed class DeviceRequestException(string request, Wire.ResponseCode code, string detail)
    : Exception($"{request} refused: {code} {detail}")
{
    /// <summary>The request that was refused (e.g. <c>RegisterUser</c>, <c>CreateGroup</c>).</summary>
    public string Request { get; } = request;

    /// <summary>The server's response code.</summary>
    public Wire.ResponseCode Code { get; } = code;
}
