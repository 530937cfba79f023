namespace E2eeConformance.InMemoryServer.State;

/// <summary>
/// A user (seed 000 §Addressing: one user id, many device ids) and the users it has exchanged invites, accepts or
/// one-to-one messages with: the peers told about its new devices (seed 000 §NewUserDeviceMsg) and its updates
/// (§UpdateUserMsg). The server cannot see sessions; this is its approximation.
/// </summary>
internal sealed class UserRecord
{
    public required string UserId { get; init; }

    public required string UserName { get; init; }

    /// <summary>The authenticator of the first registration; later devices of the user must present the same one.</summary>
    public required string Authenticator { get; init; }

    /// <summary>Devices in registration order.</summary>
    public List<DeviceRecord> Devices { get; } = [];

    /// <summary>Contact user ids in first-contact order.</summary>
    public List<string> Contacts { get; } = [];

    public bool AddContact(string userId)
    {
        if (userId == UserId || Contacts.Contains(userId))
        {
            return false;
        }

        Contacts.Add(userId);
        return true;
    }
}
