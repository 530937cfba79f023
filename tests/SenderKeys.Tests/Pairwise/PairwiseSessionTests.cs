using System.Text;
using E2eeConformance.SenderKeys.Crypto;
using E2eeConformance.SenderKeys.Errors;
using E2eeConformance.SenderKeys.Pairwise;
using E2eeConformance.SenderKeys.Ports;
using E2eeConformance.SenderKeys.Tests.Support;

namespace E2eeConformance.SenderKeys.Tests.Pairwise;

/// <summary>
/// Direct messages (seed 004, "Direct messages (1:1) technical flow"): both sides derive the same keys from ECDH; a
/// message decrypts once, in any order within the replay window; every change to the metadata or the ciphertext is
/// refused with its code and leaves the session as it was. Each positive case has a tampered twin.
/// </summary>
public sealed class PairwiseSessionTests
{
    private static (PairwiseSession Alice, PairwiseSession Bob) Pair(string label = "pair")
    {
        P256Identity a = P256Identity.Generate(new LabelledStream(label + "/alice"));
        P256Identity b = P256Identity.Generate(new LabelledStream(label + "/bob"));
        return (PairwiseSession.Establish("alice/1", a, 1, "bob/1", b.PublicKey, 7), PairwiseSession.Establish("bob/1", b, 7, "alice/1", a.PublicKey, 1));
    }

    private static byte[] Text(string s) => Encoding.UTF8.GetBytes(s);

    [Test]
    public void Both_sides_derive_mirrored_directional_keys()
    {
        (PairwiseSession alice, PairwiseSession bob) = Pair();

        alice.SendKey.Should().Equal(bob.ReceiveKey);
        alice.ReceiveKey.Should().Equal(bob.SendKey);
        alice.SendKey.Should().NotEqual(alice.ReceiveKey, "each direction has its own key (SK-3)");
    }

    [Test]
    public void A_message_decrypts_once_and_its_replay_is_refused()
    {
        (PairwiseSession alice, PairwiseSession bob) = Pair();
        (_, PairwiseMessage m1) = alice.Encrypt(Text("hello"));

        (PairwiseSession bobAfter, byte[] plain) = bob.Decrypt(m1);

        plain.Should().Equal(Text("hello"));
        m1.Counter.Should().Be(1);
        RefusedUnchanged(bobAfter, m1, SenderKeyErrorCode.Replay);
    }

    [TestCase("ciphertext", SenderKeyErrorCode.BadTag)]
    [TestCase("counter", SenderKeyErrorCode.BadTag)]
    [TestCase("key id", SenderKeyErrorCode.UnknownKeyId)]
    [TestCase("sender", SenderKeyErrorCode.WrongAddress)]
    [TestCase("truncated", SenderKeyErrorCode.Malformed)]
    [TestCase("counter zero", SenderKeyErrorCode.Malformed)]
    public void A_tampered_twin_is_refused_and_changes_nothing(string field, SenderKeyErrorCode code)
    {
        (PairwiseSession alice, PairwiseSession bob) = Pair();
        (_, PairwiseMessage m) = alice.Encrypt(Text("hello"));
        PairwiseMessage tampered = field switch
        {
            "ciphertext" => m with { Sealed = [(byte)(m.Sealed[0] ^ 1), .. m.Sealed[1..]] },
            "counter" => m with { Counter = 2 },
            "key id" => m with { KeyId = 2 },
            "sender" => m with { Sender = "mallory/1" },
            "truncated" => m with { Sealed = m.Sealed[..10] },
            _ => m with { Counter = 0 },
        };

        RefusedUnchanged(bob, tampered, code);
        bob.Decrypt(m).Plaintext.Should().Equal(Text("hello"), "the genuine message still decrypts after the refusal");
    }

    [Test]
    public void Out_of_order_within_the_window_is_read_and_outside_it_is_refused()
    {
        (PairwiseSession alice, PairwiseSession bob) = Pair();
        var sent = new List<PairwiseMessage>();
        for (int i = 0; i < ReplayWindow.Size + 2; i++)
        {
            (alice, PairwiseMessage m) = alice.Encrypt(Text($"m{i}"));
            sent.Add(m);
        }

        (bob, _) = bob.Decrypt(sent[^1]); // the newest first: counter 66
        (bob, byte[] late) = bob.Decrypt(sent[2]); // 63 behind: still in the window
        late.Should().Equal(Text("m2"));
        RefusedUnchanged(bob, sent[1], SenderKeyErrorCode.CounterOutsideWindow); // 64 behind
        RefusedUnchanged(bob, sent[2], SenderKeyErrorCode.Replay);
    }

    [Test]
    public void Metadata_is_bound_the_recipient_cannot_be_changed_and_another_session_cannot_read()
    {
        (PairwiseSession alice, PairwiseSession bob) = Pair();
        (_, PairwiseSession carol) = Pair("other");
        (_, PairwiseMessage m) = alice.Encrypt(Text("for bob"));

        RefusedUnchanged(bob, m with { Recipient = "bob/2" }, SenderKeyErrorCode.WrongAddress);
        RefusedUnchanged(carol, m, SenderKeyErrorCode.BadTag);
    }

    [Test]
    public void Secrets_do_not_print()
    {
        (PairwiseSession alice, _) = Pair();

        alice.ToString().Should().Be("PairwiseSession(alice/1 ↔ bob/1, sent 0, newest received 0)");
    }

    private static void RefusedUnchanged(PairwiseSession session, PairwiseMessage message, SenderKeyErrorCode code)
    {
        PairwiseSession before = session with { };
        Refusal.Expect(() => session.Decrypt(message), code);
        session.Should().Be(before, "a refusal changes nothing");
    }
}
