using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Bench;

/// <summary>
/// Group messaging throughput: a member encrypts and signs (group-encrypt), another member verifies and decrypts
/// (group-decrypt, per member). PQC is dominated by ML-DSA-87 sign/verify, ECC by curve25519 sign/verify.
/// </summary>
public static class GroupBenchmarks
{
    private const long NowMs = 1_700_000_000_000;
    private static readonly byte[] Text = "0123456789abcdef0123456789abcdef"u8.ToArray();

    public static IEnumerable<Benchmark> All(IEnumerable<CipherSuite> suites) =>
        suites.SelectMany(suite => new[]
        {
            new Benchmark("group-encrypt", suite.Name, () => Encrypt(suite), "group encrypt (sign)", InTable: true),
            new Benchmark("group-decrypt", suite.Name, () => Decrypt(suite), "group decrypt at one member (verify)", InTable: true),
        });

    private sealed record Group(Account Sender, GroupSession SenderSession, GroupSession ReceiverSession, IRandomSource Random);

    private static Group Create(CipherSuite suite)
    {
        var random = new ReferenceStreamRandom($"e2ee-bench/group/{suite.Name}");
        Account alice = Account.Create(suite, random, NowMs);
        Account bob = Account.Create(suite, random, NowMs);
        Wire.E2eeAddress aliceAddress = Addresses.User("bench.example", "alice", "a1");
        Wire.E2eeAddress bobAddress = Addresses.User("bench.example", "bob", "b1");
        var info = new Wire.GroupInfo { GroupName = "bench", GroupAddress = new Wire.E2eeAddress { Domain = "bench.example", Group = new Wire.PeerGroup { GroupId = "g" } } };
        GroupMember[] members = [new(aliceAddress, alice.Identity.Sign.PublicKey), new(bobAddress, bob.Identity.Sign.PublicKey)];
        (GroupSession aliceSession, Wire.GroupPreKeyBundle bundle) = GroupSessionFactory.Create(alice, aliceAddress, info, members, "", random);
        GroupSession bobSession = GroupSessionFactory.FromPreKeyBundle(bob, bobAddress, bundle, members);
        return new Group(alice, aliceSession, bobSession, random);
    }

    private static Action Encrypt(CipherSuite suite)
    {
        Group g = Create(suite);
        GroupSession session = g.SenderSession;
        return () =>
        {
            if (session.OwnChain.Index >= Benchmarks.MessagesPerRestart)
            {
                session = g.SenderSession;
            }

            (session, _) = session.Encrypt(g.Sender, Text, g.Random);
        };
    }

    private static Action Decrypt(CipherSuite suite)
    {
        Group g = Create(suite);
        var messages = new List<Wire.E2eeMsg>();
        GroupSession sender = g.SenderSession;
        for (int i = 0; i < Benchmarks.MessagesPerRestart; i++)
        {
            (sender, Wire.E2eeMsg m) = sender.Encrypt(g.Sender, Text, g.Random);
            messages.Add(m);
        }

        GroupSession receiver = g.ReceiverSession;
        int next = 0;
        return () =>
        {
            if (next == messages.Count)
            {
                (receiver, next) = (g.ReceiverSession, 0);
            }

            (receiver, _, _) = receiver.Decrypt(messages[next++]);
        };
    }
}
