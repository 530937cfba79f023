using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.Tests.Support;
using EngineAccount = E2eeConformance.Engine.Accounts.Account;

namespace E2eeConformance.InMemoryServer.Tests;

/// <summary>The server holds no private key (seed 000 §Account: only "the public part" is uploaded).</summary>
public class SecrecyTests
{
    [TestCase("ecc")]
    [TestCase("pqc")]
    public void No_private_key_of_any_device_appears_in_anything_the_server_stores(string suiteName)
    {
        CipherSuite suite = CipherSuite.Named.Single(s => s.Name == suiteName);
        var world = new TestWorld();
        Device alice = world.Register("alice", "phone", suite);
        Device bob = world.Register("bob", "phone", suite);
        Device bobLaptop = world.Register("bob", "laptop", suite);
        world.Server.GetPreKeyBundle(alice.Credential, Requests.Bundle(bob));
        world.Server.Invite(alice.Credential, Requests.Invite(alice, bob.Address));
        world.Server.Accept(bob.Credential, Requests.Accept(bob, alice.Address));
        world.Server.SendOne2oneMsg(alice.Credential, Requests.One2One(alice, bob.Address, 1, 2, 3));
        E2eeAddress group = world.Server.CreateGroup(alice.Credential, Requests.CreateGroup(alice, "g", ("alice", GroupRole.Manager), ("bob", GroupRole.Member))).GroupAddress;
        world.Server.SendGroupMsg(bob.Credential, Requests.GroupMsg(bob, group, [4, 5, 6]));

        IReadOnlyList<byte[]> stored = world.Server.StoredBytes();

        stored.Should().NotBeEmpty();
        foreach (EngineAccount account in new[] { alice.Account, bob.Account, bobLaptop.Account })
        {
            var secrets = new List<byte[]> { account.Identity.Asym.PrivateKey.ToArray(), account.Identity.Sign.PrivateKey.ToArray() };
            secrets.AddRange(account.SignedPreKeys.Select(k => k.KeyPair.PrivateKey.ToArray()));
            secrets.AddRange(account.OneTimePreKeys.Select(k => k.KeyPair.PrivateKey.ToArray()));
            foreach (byte[] secret in secrets)
            {
                stored.Any(bytes => Contains(bytes, secret)).Should().BeFalse("the server must never hold a private key");
            }
        }

        stored.Any(bytes => Contains(bytes, alice.Account.Identity.Sign.PublicKey)).Should().BeTrue("the scan does find what is there");
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
