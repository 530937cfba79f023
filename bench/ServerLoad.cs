using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;
using E2eeConformance.InMemoryServer;
using E2eeConformance.InMemoryServer.Delivery;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Bench;

/// <summary>
/// What the server benchmarks (<see cref="GroupScale"/>, <see cref="LatencyUnderLoad"/>, <see cref="FlatMemory"/>) share:
/// a server with manual delivery, so they measure the server's own work; devices registered with one ECC account's
/// keys (the server does not require distinct keys); and the managed memory kept after full collections.
/// </summary>
internal static class ServerLoad
{
    public static E2eeServer Server(string domain) =>
        new(new E2eeServerOptions { Domain = domain }, TimeProvider.System, null, ManualDelivery.Instance);

    public static Account Keys(string label) =>
        Account.Create(CipherSuite.Ecc, new ReferenceStreamRandom($"e2ee-bench/{label}"), 1_700_000_000_000);

    /// <summary>Registers device 1 of <paramref name="userId"/> with <paramref name="keys"/>' public keys and no one-time pre-keys.</summary>
    public static DeviceCredential Register(E2eeServer server, Account keys, string userId)
    {
        Wire.RegisterUserResponse r = server.RegisterUser(new Wire.RegisterUserRequest
        {
            UserId = userId,
            DeviceId = "1",
            E2EesPackId = keys.Suite.PackId.Value,
            IdentityKeyPublic = keys.Identity.Public.ToWire(),
            SignedPreKeyPublic = keys.CurrentSignedPreKey.ToPublicWire(),
        });
        return r.Code == Wire.ResponseCode.Ok
            ? new DeviceCredential(r.Address, r.Auth)
            : throw new InvalidOperationException($"registering {userId} was refused: {r.Code} {r.Msg}");
    }

    /// <summary>The managed memory in use after full collections (bytes).</summary>
    public static long Retained()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
