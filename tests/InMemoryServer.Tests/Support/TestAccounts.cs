using System.Collections.Concurrent;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;
using EngineAccount = E2eeConformance.Engine.Accounts.Account;

namespace E2eeConformance.InMemoryServer.Tests.Support;

/// <summary>Real engine accounts, one per (suite, label), made once from a labelled deterministic stream.</summary>
internal static class TestAccounts
{
    private static readonly ConcurrentDictionary<(string Suite, string Label), EngineAccount> Cache = new();

    public static EngineAccount Get(CipherSuite suite, string label) =>
        Cache.GetOrAdd((suite.Name, label), key => EngineAccount.Create(suite, new ReferenceStreamRandom($"{key.Suite}:{key.Label}"), TestWorld.StartMs));
}
