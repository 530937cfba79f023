using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Sessions;
using E2eeConformance.Engine.Tests.Support;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Engine.Tests.Sessions;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// Secrets never print themselves (STYLE #7): the <c>ToString</c> of every type that holds secret bytes shows at most
/// a short fingerprint — never the bytes as hex (either case), as base64, nor any 8-byte run of them as hex.
/// </summary>
[TestFixture("ecc")]
[TestFixture("pqc")]
public sealed class SecretsDoNotPrintThemselvesTests(string suiteName) : CipherSuiteFixture(suiteName)
{

    private static void ShouldNotReveal(string printed, ReadOnlySpan<byte> secret, string what)
    {
        secret.Length.Should().BeGreaterThan(0, what);
        string hex = Convert.ToHexStringLower(secret);
        printed.Should().NotContainEquivalentOf(hex, "{0} must not print itself", what);
        printed.Should().NotContain(Convert.ToBase64String(secret), "{0} must not print itself as base64", what);

        const int Window = 8;
        var leaks = new List<string>();
        for (int i = 0; i + Window <= secret.Length; i++)
        {
            string run = hex.Substring(2 * i, 2 * Window);
            if (printed.Contains(run, StringComparison.OrdinalIgnoreCase))
            {
                leaks.Add($"bytes {i}..{i + Window}");
            }
        }

        leaks.Should().BeEmpty("{0} must not print any run of its secret bytes; printed: {1}", what, printed);
    }

    [Test]
    public void SecretBytes_ToString_shows_only_a_fingerprint()
    {
        byte[] secret = Enumerable.Range(0, 48).Select(i => (byte)(0xA0 ^ i)).ToArray();
        var bytes = SecretBytes.Copy(secret);

        ShouldNotReveal(bytes.ToString(), secret, "SecretBytes");
        bytes.ToString().Should().StartWith("secret[48]#");
        ShouldNotReveal($"{bytes}", secret, "SecretBytes in an interpolated string");
    }

    [Test]
    public void ChainKey_and_MessageKey_ToString_never_contain_their_key()
    {
        byte[] key = Enumerable.Range(0, 32).Select(i => (byte)((0x11 * (i % 15)) + i & 0xFF)).ToArray();
        ChainKey chain = ChainKey.Create(7, key);
        ChainKey next = chain.Next();
        using MessageKey mk = chain.MessageKey();

        ShouldNotReveal(chain.ToString(), key, "ChainKey");
        ShouldNotReveal(next.ToString(), next.Key, "ChainKey after Next()");
        ShouldNotReveal(mk.ToString(), mk.Bytes, "MessageKey");
        ShouldNotReveal(chain.ToString(), mk.Bytes, "ChainKey (its message key)");
    }

    [Test]
    public void ChainKey_ToString_is_a_stable_fingerprint_of_index_and_key()
    {
        byte[] key = Enumerable.Range(0, 32).Select(i => (byte)(0x5A ^ i)).ToArray();
        ChainKey chain = ChainKey.Create(3, key);

        string printed = chain.ToString();

        ShouldNotReveal(printed, key, "ChainKey");
        printed.Should().Be(chain.ToString()).And.Be(ChainKey.Create(3, key).ToString());
        string digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(key).AsSpan(0, 4));
        printed.Should().Be($"ChainKey(index 3, secret[32]#{digest})");
        printed.Should().NotBe(chain.Next().ToString());
    }

    [Test]
    public void KeyPair_ToString_never_contains_the_private_key()
    {
        KeyPair kem = Suite.Kem.GenerateKeyPair(new ReferenceStreamRandom("secrets: kem pair"));
        KeyPair sign = Suite.Signature.GenerateKeyPair(new ReferenceStreamRandom("secrets: signature pair"));

        ShouldNotReveal(kem.ToString(), kem.PrivateKey.Span, "KeyPair (KEM)");
        ShouldNotReveal(sign.ToString(), sign.PrivateKey.Span, "KeyPair (signature)");
    }

    [Test]
    public void Account_and_its_keys_ToString_never_contain_a_private_key()
    {
        (Account account, _) = TwoParties.SharedAccounts(Suite);
        var printed = new Dictionary<string, string>
        {
            ["Account"] = account.ToString(),
            ["IdentityKey"] = account.Identity.ToString(),
            ["SignedPreKey"] = account.CurrentSignedPreKey.ToString(),
            ["OneTimePreKey"] = account.OneTimePreKeys[0].ToString(),
        };
        var secrets = new Dictionary<string, byte[]>
        {
            ["identity asym private key"] = account.Identity.Asym.PrivateKey.ToArray(),
            ["identity sign private key"] = account.Identity.Sign.PrivateKey.ToArray(),
            ["signed pre-key private key"] = account.CurrentSignedPreKey.KeyPair.PrivateKey.ToArray(),
            ["one-time pre-key private key"] = account.OneTimePreKeys[0].KeyPair.PrivateKey.ToArray(),
        };

        foreach ((string type, string text) in printed)
        {
            foreach ((string secret, byte[] bytes) in secrets)
            {
                ShouldNotReveal(text, bytes, $"{type} ({secret})");
            }
        }
    }

    [Test]
    public void RatchetState_and_sessions_ToString_never_contain_a_key_they_hold()
    {
        (Account alice, Account bob) = TwoParties.SharedAccounts(Suite);
        var random = new ReferenceStreamRandom("secrets: sessions");
        (AwaitingAcceptSession pending, Wire.InviteMsg invite) = SessionInitiator.Invite(
            alice, TwoParties.AliceAddress, VerifiedPreKeyBundle.Verify(TwoParties.BundleOf(bob, true), Suite), random, TwoParties.NowMs);
        (_, EstablishedSession bobSession, Wire.AcceptMsg accept) =
            SessionResponder.Accept(bob, TwoParties.BobAddress, TwoParties.AsDeliveredByServer(invite, alice), random);
        EstablishedSession aliceSession = pending.Complete(alice, accept, random);

        // Give Bob skipped keys and a receiving chain.
        (aliceSession, _) = aliceSession.EncryptCommon("0"u8, random);
        (aliceSession, Wire.E2eeMsg second) = aliceSession.EncryptCommon("1"u8, random);
        (bobSession, _) = bobSession.Decrypt(second, random);
        RatchetState state = bobSession.Ratchet;
        state.SkippedKeys.Should().NotBeEmpty();

        var secrets = new Dictionary<string, byte[]>
        {
            ["root key"] = state.RootKey.ToArray(),
            ["sender chain key"] = state.Sender.ChainKey.ToArray(),
            ["receiver chain key"] = state.Receiver.ChainKey!.ToArray(),
            ["our ratchet private key"] = state.Receiver.OurRatchetPrivateKey.ToArray(),
            ["skipped message key"] = state.SkippedKeys[0].DerivedKey.ToArray(),
            ["alice's root key"] = aliceSession.Ratchet.RootKey.ToArray(),
            ["alice's sender chain key"] = aliceSession.Ratchet.Sender.ChainKey.ToArray(),
            ["alice's receiver private key"] = aliceSession.Ratchet.Receiver.OurRatchetPrivateKey.ToArray(),
        };
        if (pending.Pending is PendingKemHandshake kem)
        {
            secrets["pending partial secret"] = kem.PartialSecret.ToArray();
            secrets["pending base private key"] = kem.BaseKey.PrivateKey.ToArray();
        }

        var printed = new Dictionary<string, string>
        {
            ["RatchetState"] = state.ToString(),
            ["alice's RatchetState"] = aliceSession.Ratchet.ToString(),
            ["SenderChain"] = state.Sender.ToString(),
            ["ReceiverChain"] = state.Receiver.ToString(),
            ["SkippedMessageKey"] = state.SkippedKeys[0].ToString(),
            ["EstablishedSession"] = bobSession.ToString(),
            ["alice's EstablishedSession"] = aliceSession.ToString(),
            ["AwaitingAcceptSession"] = pending.ToString(),
        };

        foreach ((string type, string text) in printed)
        {
            foreach ((string secret, byte[] bytes) in secrets)
            {
                ShouldNotReveal(text, bytes, $"{type} ({secret})");
            }
        }
    }
}
