namespace E2eeConformance.InMemoryServer.State;

/// <summary>A registered device within the server's domain: user id and device id (seed 000 §Addressing).</summary>
internal readonly record struct DeviceKey(string UserId, string DeviceId)
{
    public override string ToString() => $"{UserId}/{DeviceId}";
}
