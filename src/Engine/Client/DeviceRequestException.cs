namespace E2eeConformance.Engine.Client;

/// <summary>The server refused a request the device's application asked for (registration, group management, …).</summary>
public sealed class DeviceRequestException(string request, Wire.ResponseCode code, string detail)
    : Exception($"{request} refused: {code} {detail}")
{
    public string Request { get; } = request;

    public Wire.ResponseCode Code { get; } = code;
}
