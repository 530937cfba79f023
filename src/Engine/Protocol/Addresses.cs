namespace E2eeConformance.Engine.Protocol;

/// <summary>Helpers for E2eeAddress (E2eeAddress.proto; seed 000 §Addressing).</summary>
public static class Addresses
{
    /// <summary>A device address: <paramref name="domain"/>, user id, device id and an optional display name.</summary>
    public static Wire.E2eeAddress User(string domain, string userId, string deviceId, string userName = "") => new()
    {
        Domain = domain,
        User = new Wire.PeerUser { UserName = userName, UserId = userId, DeviceId = deviceId },
    };

    /// <summary>Compares domain, user id and device id (the user name is a display attribute).</summary>
    public static bool SameDevice(Wire.E2eeAddress? a, Wire.E2eeAddress? b) =>
        a is not null && b is not null && a.Domain == b.Domain && a.User is not null && b.User is not null
        && a.User.UserId == b.User.UserId && a.User.DeviceId == b.User.DeviceId;

    /// <summary>
    /// An address as text: <c>user/device@domain</c>, <c>group:id@domain</c>, <c>@domain</c>, or <c>(none)</c> for
    /// null.
    /// </summary>
    public static string Format(Wire.E2eeAddress? address) => address switch
    {
        null => "(none)",
        { User: { } u } => $"{u.UserId}/{u.DeviceId}@{address.Domain}",
        { Group: { } g } => $"group:{g.GroupId}@{address.Domain}",
        _ => $"@{address.Domain}",
    };
}
