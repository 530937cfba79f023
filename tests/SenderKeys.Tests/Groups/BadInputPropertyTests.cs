using CsCheck;
using E2eeConformance.SenderKeys.Crypto;
using E2eeConformance.SenderKeys.Errors;
using E2eeConformance.SenderKeys.Groups;
using E2eeConformance.SenderKeys.Pairwise;
using E2eeConformance.SenderKeys.Ports;

namespace E2eeConformance.SenderKeys.Tests.Groups;

/// <summary>
/// Bad input (issue 15 §5): any change to a genuine message — a flipped byte, a cut, another key id or counter — ends in
/// a typed refusal or, for a change the tag does not cover, a correct read; never another exception, and never a
/// changed state after a refusal.
/// </summary>
public sealed class BadInputPropertyTests
{
    private const long Now = 1_750_000_000_000;

    [Test]
    public void A_mutated_group_message_is_refused_with_a_code_and_the_record_stays()
    {
        SenderKeyState alice = SenderKeyState.Create("g1", "alice/1", 1, new LabelledStream("property group"), Now);
        SenderKeyRecord bob = SenderKeyRecord.Empty("g1", "alice/1").Add(alice.Distribution, Now, SenderKeyPolicy.Default);
        (_, GroupMessage m) = alice.Encrypt("the text"u8);

        Gen.Select(Gen.Int[0, m.Sealed.Length + 3], Gen.Int[0, 7], Gen.UInt[0, 3], Gen.ULong[0, 5]).Sample((at, bit, keyId, counter) =>
        {
            byte[] sealedText = Mutated(m.Sealed, at, bit);

            GroupMessage mutated = m with { Sealed = sealedText, KeyId = keyId, Counter = counter };
            SenderKeyRecord before = bob with { };
            try
            {
                bob.Decrypt(mutated, Now, SenderKeyPolicy.Default);
                return false; // every mutation here changes what the tag covers
            }
            catch (SenderKeyException)
            {
                return bob == before;
            }
        }, iter: 300);
    }

    [Test]
    public void A_mutated_pairwise_message_is_refused_with_a_code_and_the_session_stays()
    {
        P256Identity a = P256Identity.Generate(new LabelledStream("property a"));
        P256Identity b = P256Identity.Generate(new LabelledStream("property b"));
        PairwiseSession alice = PairwiseSession.Establish("alice/1", a, 1, "bob/1", b.PublicKey, 2);
        PairwiseSession bob = PairwiseSession.Establish("bob/1", b, 2, "alice/1", a.PublicKey, 1);
        (_, PairwiseMessage m) = alice.Encrypt("the text"u8);

        Gen.Select(Gen.Int[0, m.Sealed.Length + 3], Gen.Int[0, 7], Gen.UInt[0, 3], Gen.ULong[0, 3]).Sample((at, bit, keyId, counter) =>
        {
            byte[] sealedText = Mutated(m.Sealed, at, bit);

            PairwiseMessage mutated = m with { Sealed = sealedText, KeyId = keyId, Counter = counter };
            PairwiseSession before = bob with { };
            try
            {
                bob.Decrypt(mutated);
                return false;
            }
            catch (SenderKeyException)
            {
                return bob == before;
            }
        }, iter: 300);
    }

    /// <summary>The bytes with bit <paramref name="bit"/> of byte <paramref name="at"/> flipped, or — past the end — cut to <c>at − length</c> bytes.</summary>
    private static byte[] Mutated(byte[] sealedText, int at, int bit)
    {
        if (at >= sealedText.Length)
        {
            return sealedText[..(at - sealedText.Length)];
        }

        byte[] copy = [.. sealedText];
        copy[at] ^= (byte)(1 << bit);
        return copy;
    }
}
