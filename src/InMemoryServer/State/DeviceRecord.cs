using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Wire;

namespace E2eeConformance.InMemoryServer.State;

/// <summary>
/// What the server keeps for one registered device (seed 000 §Register User, §Pre-Key Bundle): its address and
/// credential, the public keys it published, the unused one-time pre-keys in stock, and its inbox of server-sent
/// ProtoMsgs not yet consumed. Public material only: the server never sees a private key.
/// Mutable; only touched under the server's lock, and nothing here is handed out without a copy.
/// </summary>
internal sealed class DeviceRecord
{
    public required DeviceKey Key { get; init; }

    public required E2eeAddress Address { get; init; }

    public required string Token { get; init; }

    public required CipherSuite Suite { get; init; }

    public required IdentityKeyPublic IdentityKey { get; init; }

    public required SignedPreKeyPublic SignedPreKey { get; set; }

    public required List<OneTimePreKeyPublic> OneTimePreKeys { get; init; }

    /// <summary>A SupplyOpksMsg is outstanding: no further one until the device supplies.</summary>
    public bool SupplyRequested { get; set; }

    public required long RegisteredAtMs { get; init; }

    /// <summary>Unconsumed ProtoMsgs in the order they were stored.</summary>
    public Inbox Inbox { get; } = new();

    /// <summary>The address as text (<see cref="Engine.Protocol.Addresses.Format"/>), made once: a key of per-device tables.</summary>
    public string Name => field ??= Engine.Protocol.Addresses.Format(Address);
}
