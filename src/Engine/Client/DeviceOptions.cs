using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;

namespace E2eeConformance.Engine.Client;

/// <summary>What a new device registers with.</summary>
public sealed record DeviceOptions(CipherSuite Suite, string Domain, string UserId, string DeviceId)
{
    /// <summary>
    /// The protocol version the device speaks (E2EE Security by default; SKISSM for the reference implementation's
    /// version).
    /// </summary>
    public ProtocolVersion Version { get; init; } = ProtocolVersion.E2ees;

    /// <summary>One-time pre-keys the device registers with (a scenario may start a device with few, to exhaust them).</summary>
    public int InitialOneTimePreKeys { get; init; } = ProtocolLimits.OneTimePreKeyBatch;

    /// <summary>One-time pre-keys published per SupplyOpksMsg when the message names no count.</summary>
    public int OneTimePreKeyRefill { get; init; } = ProtocolLimits.OneTimePreKeyBatch;

    /// <summary>
    /// The reference implementation's deviations this device reproduces (<see cref="ProtocolDeviations"/>; a deliberately
    /// deviant test device only — ours use <see cref="ProtocolDeviations.None"/>). Kept in the device's state
    /// (<see cref="DeviceState.Deviations"/>), so a restored device stays as deviant as it was registered.
    /// </summary>
    public ProtocolDeviations Deviations { get; init; } = ProtocolDeviations.None;
}
