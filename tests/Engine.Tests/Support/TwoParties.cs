using System.Collections.Concurrent;
using System.Text;
using Google.Protobuf;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;

namespace E2eeConformance.Engine.Tests.Support;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// Alice and Bob, their accounts and a one-to-one session between them, built the way the protocol builds it
/// (seed 000 §PQKA; REFERENCE-BEHAVIOUR §18–24, 42): Bob's pre-key bundle, <see cref="VerifiedPreKeyBundle.Verify"/>,
/// <see cref="SessionInitiator.Invite"/>, the server filling <c>alice_identity_key</c> (REFERENCE-BEHAVIOUR §20),
/// <see cref="SessionResponder.Accept"/> and <see cref="AwaitingAcceptSession.Complete"/>.
/// Holds both established sessions and lets a test send and deliver messages one at a time.
/// Not thread-safe (it keeps the sessions in fields).
/// </summary>
internal sealed class TwoParties
{
    public const long NowMs = 1_750_000_000_000;

    private static readonly ConcurrentDictionary<string, Lazy<(Account Alice, Account Bob)>> AccountCache = new();

    private TwoParties(CipherSuite suite, IRandomSource random, Account alice, Account bob, EstablishedSession aliceSession, EstablishedSession bobSession)
    {
        Suite = suite;
        Random = random;
        Alice = alice;
        Bob = bob;
        AliceSession = aliceSession;
        BobSession = bobSession;
    }

    public static Wire.E2eeAddress AliceAddress => Addresses.User("e2eelab.org", "alice", "dev1");

    public static Wire.E2eeAddress BobAddress => Addresses.User("e2eelab.org", "bob", "dev1");

    public CipherSuite Suite { get; }

    /// <summary>The randomness every send and receive of this conversation draws from.</summary>
    public IRandomSource Random { get; }

    public Account Alice { get; }

    /// <summary>Bob's account after the accept (its one-time pre-key, if any, marked used).</summary>
    public Account Bob { get; }

    public EstablishedSession AliceSession { get; set; }

    public EstablishedSession BobSession { get; set; }

    /// <summary>The deviations Alice's sends and receives follow (<see cref="ProtocolDeviations.None"/> unless a test sets them).</summary>
    public ProtocolDeviations AliceDeviations { get; set; }

    /// <summary>The deviations Bob's sends and receives follow (<see cref="ProtocolDeviations.None"/> unless a test sets them).</summary>
    public ProtocolDeviations BobDeviations { get; set; }

    /// <summary>Creates Alice's and Bob's accounts (<see cref="Account.Create"/>), deterministically from <paramref name="label"/>.</summary>
    public static (Account Alice, Account Bob) CreateAccounts(CipherSuite suite, string label)
    {
        var random = new ReferenceStreamRandom($"{label}/accounts/{suite.Name}");
        return (Account.Create(suite, random, NowMs), Account.Create(suite, random, NowMs));
    }

    /// <summary>
    /// The accounts of the shared Alice and Bob of <paramref name="suite"/>, created once per test run (accounts are
    /// immutable, so sharing them is safe; tests that need a used one-time pre-key get it from their own accept).
    /// </summary>
    public static (Account Alice, Account Bob) SharedAccounts(CipherSuite suite) =>
        AccountCache.GetOrAdd(suite.Name, _ => new Lazy<(Account, Account)>(() => CreateAccounts(suite, "cached"))).Value;

    /// <summary>Bob's bundle as the server hands it out: with his first unused one-time pre-key, or with none.</summary>
    public static Wire.PreKeyBundle BundleOf(Account bob, bool withOneTimePreKey) =>
        bob.ToPreKeyBundle(BobAddress, withOneTimePreKey ? bob.OneTimePreKeys.First(k => !k.Used) : null);

    /// <summary>What the server does to an invite before forwarding it (REFERENCE-BEHAVIOUR §20): a copy with <c>alice_identity_key</c> set.</summary>
    public static Wire.InviteMsg AsDeliveredByServer(Wire.InviteMsg invite, Account alice)
    {
        Wire.InviteMsg delivered = invite.Clone();
        delivered.AliceIdentityKey = ByteString.CopyFrom(alice.Identity.Asym.PublicKey);
        return delivered;
    }

    /// <summary>Runs the whole establishment with the shared accounts of <paramref name="suite"/>.</summary>
    public static TwoParties Establish(CipherSuite suite, string label, bool withOneTimePreKey = true)
    {
        (Account alice, Account bob) = SharedAccounts(suite);
        return Establish(suite, label, alice, bob, withOneTimePreKey);
    }

    /// <summary>Runs the whole establishment between the given accounts.</summary>
    public static TwoParties Establish(CipherSuite suite, string label, Account alice, Account bob, bool withOneTimePreKey = true)
    {
        var random = new ReferenceStreamRandom($"{label}/{suite.Name}");
        VerifiedPreKeyBundle bundle = VerifiedPreKeyBundle.Verify(BundleOf(bob, withOneTimePreKey), suite);
        (AwaitingAcceptSession pending, Wire.InviteMsg invite) = SessionInitiator.Invite(alice, AliceAddress, bundle, random, NowMs);
        (Account bobAfter, EstablishedSession bobSession, Wire.AcceptMsg accept) =
            SessionResponder.Accept(bob, BobAddress, AsDeliveredByServer(invite, alice), random);
        EstablishedSession aliceSession = pending.Complete(alice, accept, random);
        return new TwoParties(suite, random, alice, bobAfter, aliceSession, bobSession);
    }

    public static string Text(Wire.Plaintext plaintext) => Encoding.UTF8.GetString(plaintext.CommonMsg.Span);

    public Wire.E2eeMsg AliceSends(string text)
    {
        (AliceSession, Wire.E2eeMsg message) = AliceSession.EncryptCommon(Encoding.UTF8.GetBytes(text), Random, AliceDeviations);
        return message;
    }

    public Wire.E2eeMsg BobSends(string text)
    {
        (BobSession, Wire.E2eeMsg message) = BobSession.EncryptCommon(Encoding.UTF8.GetBytes(text), Random, BobDeviations);
        return message;
    }

    /// <summary>Alice sends <paramref name="count"/> messages "{prefix}0", "{prefix}1", ….</summary>
    public List<Wire.E2eeMsg> AliceSendsMany(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => AliceSends($"{prefix}{i}")).ToList();

    public List<Wire.E2eeMsg> BobSendsMany(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => BobSends($"{prefix}{i}")).ToList();

    /// <summary>Bob decrypts; on success his session advances, on failure it stays and the exception propagates.</summary>
    public string BobReceives(Wire.E2eeMsg message)
    {
        (BobSession, Wire.Plaintext plaintext) = BobSession.Decrypt(message, Random, BobDeviations);
        return Text(plaintext);
    }

    public string AliceReceives(Wire.E2eeMsg message)
    {
        (AliceSession, Wire.Plaintext plaintext) = AliceSession.Decrypt(message, Random, AliceDeviations);
        return Text(plaintext);
    }
}
