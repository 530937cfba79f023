using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Wire;
using EngineAccount = E2eeConformance.Engine.Accounts.Account;

namespace E2eeConformance.InMemoryServer.Tests.Support;

/// <summary>A registered test device: the real engine account behind it and the credential the server issued.</summary>
internal sealed record Device(EngineAccount Account, DeviceCredential Credential)
{
    public E2eeAddress Address => Credential.Address;

    public string UserId => Address.User.UserId;

    /// <summary>The same device address with a token the server never issued.</summary>
    public DeviceCredential WrongCredential => Credential with { Token = Credential.Token + "x" };
}
