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

    /// <summary>
    /// The longest identifier the server accepts (characters): user, device and group ids, domains, group names,
    /// session and message ids, authenticators, versions. Longer: PAYLOAD_TOO_LARGE (issue 12).
    /// </summary>
    public int MaxIdentifierLength { get; set; } = WireLimits.Default.MaxIdentifierLength;

    /// <summary>
    /// The largest request, encoded (bytes). Request bytes over it (<see cref="E2eeServer.Handle"/>) are refused with
    /// PAYLOAD_TOO_LARGE before they are parsed; a typed request, before it is served.
    /// </summary>
    public int MaxRequestBytes { get; set; } = WireLimits.Default.MaxMessageBytes;

    /// <summary>The longest other string field of a request (characters), such as free text.</summary>
    public int MaxTextLength { get; set; } = WireLimits.Default.MaxTextLength;

    /// <summary>The largest ciphertext or opaque payload of a request (bytes).</summary>
    public int MaxCiphertextBytes { get; set; } = WireLimits.Default.MaxCiphertextBytes;

    /// <summary>The largest other byte field of a request (bytes): public keys, signatures, KEM ciphertexts.</summary>
    public int MaxKeyBytes { get; set; } = WireLimits.Default.MaxKeyBytes;

    /// <summary>The most entries of one repeated field of a request (members, devices, one-time pre-keys, lists).</summary>
    public int MaxListLength { get; set; } = WireLimits.Default.MaxListLength;

    /// <summary>
    /// The most messages waiting in one device's inbox (unconsumed). A one-to-one message, invite, accept or group
    /// message that would put any recipient over it is refused with SERVICE_UNAVAILABLE, for every recipient (nothing is
    /// stored); the sender may send it again once the recipient has consumed. The same holds for the notices a
    /// request makes (group changes, user updates, a leave request). Only the server's own notices — a new device of a
    /// contact, a request for one-time pre-keys — are stored regardless.
    /// </summary>
    public int MaxInboxMessages { get; set; } = 100_000;

    /// <summary>The most bytes (encoded ProtoMsgs) waiting in one device's inbox; as <see cref="MaxInboxMessages"/>.</summary>
    public long MaxInboxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// The most messages from one sending device waiting in one inbox (a quarter of <see cref="MaxInboxMessages"/>):
    /// one member cannot block a group by filling an offline member's inbox, only its own share of it. A value above
    /// <see cref="MaxInboxMessages"/> means the whole inbox.
    /// </summary>
    public int MaxInboxMessagesPerSender { get; set; } = 25_000;

    /// <summary>The most bytes from one sending device waiting in one inbox; as <see cref="MaxInboxMessagesPerSender"/> (above <see cref="MaxInboxBytes"/>: the whole inbox).</summary>
    public long MaxInboxBytesPerSender { get; set; } = 64L * 1024 * 1024;

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

        RequirePositive(MaxIdentifierLength, nameof(MaxIdentifierLength));
        RequirePositive(MaxRequestBytes, nameof(MaxRequestBytes));
        RequirePositive(MaxTextLength, nameof(MaxTextLength));
        RequirePositive(MaxCiphertextBytes, nameof(MaxCiphertextBytes));
        RequirePositive(MaxKeyBytes, nameof(MaxKeyBytes));
        RequirePositive(MaxListLength, nameof(MaxListLength));
        RequirePositive(MaxInboxMessages, nameof(MaxInboxMessages));
        RequirePositive(MaxInboxBytes, nameof(MaxInboxBytes));
        RequirePositive(MaxInboxMessagesPerSender, nameof(MaxInboxMessagesPerSender));
        RequirePositive(MaxInboxBytesPerSender, nameof(MaxInboxBytesPerSender));
        RequireNotAbove(MaxRequestBytes, WireLimits.Default.MaxMessageBytes, nameof(MaxRequestBytes));
        RequireNotAbove(MaxIdentifierLength, WireLimits.Default.MaxIdentifierLength, nameof(MaxIdentifierLength));
        RequireNotAbove(MaxTextLength, WireLimits.Default.MaxTextLength, nameof(MaxTextLength));
        RequireNotAbove(MaxCiphertextBytes, WireLimits.Default.MaxCiphertextBytes, nameof(MaxCiphertextBytes));
        RequireNotAbove(MaxKeyBytes, WireLimits.Default.MaxKeyBytes, nameof(MaxKeyBytes));
        RequireNotAbove(MaxListLength, WireLimits.Default.MaxListLength, nameof(MaxListLength));
    }

    internal E2eeServerOptions Copy() => (E2eeServerOptions)MemberwiseClone();

    /// <summary>The request limits as the engine's <see cref="WireLimits"/>.</summary>
    internal WireLimits RequestLimits() => new()
    {
        MaxMessageBytes = MaxRequestBytes,
        MaxIdentifierLength = MaxIdentifierLength,
        MaxTextLength = MaxTextLength,
        MaxCiphertextBytes = MaxCiphertextBytes,
        MaxKeyBytes = MaxKeyBytes,
        MaxListLength = MaxListLength,
    };

    /// <summary>A request limit above the devices' own would let the server store messages every device refuses.</summary>
    private static void RequireNotAbove(long value, long devices, string name)
    {
        if (value > devices)
        {
            throw new ArgumentOutOfRangeException(name, value, $"must not be above the devices' limit, {devices} (WireLimits.Default)");
        }
    }

    private static void RequirePositive(long value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(name, value, "must be positive");
        }
    }
}
