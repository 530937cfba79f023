using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.InMemoryServer;

/// <summary>Settings of the in-memory E2EE server. Every limit the server enforces is here (STYLE #6).</summary>
public sealed class E2eeServerOptions
{
    /// <summary>The server domain of every address it issues (seed 000 §Addressing: ids are unique within one domain).</summary>
    public string Domain { get; set; } = "e2ee.test";

    /// <summary>The host name a ServerHeartbeatMsg carries (seed 000 §ServerHeartbeatMsg).</summary>
    public string Hostname { get; set; } = "in-memory-server";

    /// <summary>
    /// When handing out a bundle leaves a device with fewer unused one-time pre-keys than this, the device is sent one
    /// SupplyOpksMsg (seed 000 §SupplyOpkMsg: "when a user's one-time pre-keys are running out"), and no further one
    /// until it supplies.
    /// </summary>
    public int OneTimePreKeyRefillThreshold { get; set; } = 10;

    /// <summary>How many one-time pre-keys a SupplyOpksMsg asks for (seed 000 §Supply one-time pre-key: 100).</summary>
    public uint OneTimePreKeySupplyCount { get; set; } = ProtocolLimits.OneTimePreKeyBatch;

    /// <summary>The most one-time pre-keys the server stocks for one device; a registration or supply beyond it is refused.</summary>
    public int MaxOneTimePreKeysPerDevice { get; set; } = ProtocolLimits.MaxUnusedOneTimePreKeys;

    /// <summary>The longest user id, device id or group name the server accepts (characters).</summary>
    public int MaxIdentifierLength { get; set; } = 256;

    /// <summary>How often the hosted service logs <see cref="ServerStats"/>; zero or negative disables it.</summary>
    public TimeSpan StatsInterval { get; set; } = TimeSpan.FromMinutes(1);

    internal void Validate()
    {
        if (string.IsNullOrEmpty(Domain))
        {
            throw new ArgumentException("the server domain must not be empty", nameof(Domain));
        }

        if (OneTimePreKeyRefillThreshold < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(OneTimePreKeyRefillThreshold), OneTimePreKeyRefillThreshold, "must not be negative");
        }

        if (MaxOneTimePreKeysPerDevice < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxOneTimePreKeysPerDevice), MaxOneTimePreKeysPerDevice, "must not be negative");
        }

        if (MaxIdentifierLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIdentifierLength), MaxIdentifierLength, "must be positive");
        }
    }

    internal E2eeServerOptions Copy() => (E2eeServerOptions)MemberwiseClone();
}
