using System.Text;
using E2eeConformance.SenderKeys.Errors;
using E2eeConformance.SenderKeys.Groups;
using E2eeConformance.SenderKeys.Ports;
using E2eeConformance.SenderKeys.Tests.Support;

namespace E2eeConformance.SenderKeys.Tests.Groups;

/// <summary>
/// Sender keys (seed 004, "Group messages technical flow (Sender Keys)", "Membership changes and sender key rotation"):
/// one encryption per message read by every holder of the sender's key; a hash ratchet per key; rotation with a
/// transition window for the old key id; bounded out-of-order within a chain. Each positive case has a tampered twin,
/// and every refusal leaves the record as it was.
/// </summary>
public sealed class SenderKeyTests
{
    private const long Now = 1_750_000_000_000;

    private static readonly SenderKeyPolicy Policy = SenderKeyPolicy.Default;

    private static readonly long Window = (long)Policy.TransitionWindow.TotalMilliseconds;

    private static byte[] Text(string s) => Encoding.UTF8.GetBytes(s);

    private static SenderKeyState Alice(string label = "alice") => SenderKeyState.Create("g1", "alice/1", 1, new LabelledStream(label), Now);

    private static SenderKeyRecord Holding(params SenderKeyDistribution[] keys) =>
        keys.Aggregate(SenderKeyRecord.Empty("g1", "alice/1"), (r, d) => r.Add(d, Now, Policy));

    [Test]
    public void One_encryption_is_read_by_every_member_that_holds_the_key_and_a_tampered_twin_is_refused()
    {
        SenderKeyState alice = Alice();
        SenderKeyRecord bob = Holding(alice.Distribution);
        SenderKeyRecord carol = Holding(SenderKeyDistribution.Decode(alice.Distribution.Encode()));
        (alice, GroupMessage m) = alice.Encrypt(Text("hi all"));

        bob.Decrypt(m, Now, Policy).Plaintext.Should().Equal(Text("hi all"));
        carol.Decrypt(m, Now, Policy).Plaintext.Should().Equal(Text("hi all"));
        alice.Counter.Should().Be(1);
        RefusedUnchanged(bob, m with { Sealed = [.. m.Sealed[..^1], (byte)(m.Sealed[^1] ^ 1)] }, Now, SenderKeyErrorCode.BadTag);
        RefusedUnchanged(bob, m with { Counter = 1 }, Now, SenderKeyErrorCode.BadTag);
        RefusedUnchanged(bob, m with { Group = "g2" }, Now, SenderKeyErrorCode.WrongAddress);
    }

    [Test]
    public void A_message_is_read_once_out_of_order_within_the_bound_and_a_far_jump_is_refused()
    {
        SenderKeyState alice = Alice();
        SenderKeyRecord bob = Holding(alice.Distribution);
        var sent = new List<GroupMessage>();
        for (int i = 0; i < 4; i++)
        {
            (alice, GroupMessage m) = alice.Encrypt(Text($"m{i}"));
            sent.Add(m);
        }

        (bob, byte[] third) = bob.Decrypt(sent[3], Now, Policy);
        third.Should().Equal(Text("m3"));
        (bob, byte[] first) = bob.Decrypt(sent[0], Now, Policy);
        first.Should().Equal(Text("m0"));
        RefusedUnchanged(bob, sent[0], Now, SenderKeyErrorCode.Replay);
        RefusedUnchanged(bob, sent[3], Now, SenderKeyErrorCode.Replay);

        SenderKeyRecord fresh = Holding(Alice().Distribution);
        RefusedUnchanged(fresh, sent[3] with { Counter = (ulong)Policy.MaxForwardJump + 1 }, Now, SenderKeyErrorCode.JumpTooFar);
    }

    [Test]
    public void A_member_that_gets_the_key_later_cannot_read_what_was_written_under_it_before()
    {
        SenderKeyState alice = Alice();
        (alice, GroupMessage before) = alice.Encrypt(Text("history"));
        SenderKeyRecord newcomer = Holding(alice.Distribution); // SK-9: the chain key at counter 1
        (_, GroupMessage after) = alice.Encrypt(Text("welcome"));

        newcomer.Decrypt(after, Now, Policy).Plaintext.Should().Equal(Text("welcome"));
        RefusedUnchanged(newcomer, before, Now, SenderKeyErrorCode.Replay);
    }

    [Test]
    public void After_a_rotation_the_old_key_is_read_inside_the_transition_window_and_refused_after_it()
    {
        SenderKeyState k1 = Alice();
        (k1, GroupMessage old) = k1.Encrypt(Text("under key 1"));
        SenderKeyState k2 = k1.Rotate(new LabelledStream("rotation"), Now);
        SenderKeyRecord bob = Holding(Alice().Distribution, k2.Distribution);
        (_, GroupMessage fresh) = k2.Encrypt(Text("under key 2"));

        k2.KeyId.Should().Be(2);
        bob.Decrypt(fresh, Now + Window + 1, Policy).Plaintext.Should().Equal(Text("under key 2"));
        bob.Decrypt(old, Now + Window - 1, Policy).Plaintext.Should().Equal(Text("under key 1"));
        RefusedUnchanged(bob, old, Now + Window, SenderKeyErrorCode.RetiredKeyId);
        SenderKeyRecord pruned = bob.Prune(Now + Window);
        pruned.Keys.Keys.Should().Equal(2u);
        RefusedUnchanged(pruned, old, Now + Window, SenderKeyErrorCode.RetiredKeyId);
        pruned.Add(Alice().Distribution, Now + Window, Policy).Should().BeSameAs(pruned, "a late copy of a retired key does not reopen it");
    }

    [Test]
    public void A_member_left_out_of_a_rotation_cannot_read_the_new_key()
    {
        SenderKeyState k1 = Alice();
        SenderKeyRecord removed = Holding(k1.Distribution);
        SenderKeyState k2 = k1.Rotate(new LabelledStream("rotation after removal"), Now);
        (_, GroupMessage m) = k2.Encrypt(Text("without you"));

        RefusedUnchanged(removed, m, Now, SenderKeyErrorCode.UnknownKeyId);
        RefusedUnchanged(removed, m with { KeyId = 1 }, Now, SenderKeyErrorCode.BadTag);
    }

    [Test]
    public void Rotation_is_due_by_message_count_and_by_age()
    {
        var policy = new SenderKeyPolicy { MaxMessagesPerKey = 2, MaxKeyAge = TimeSpan.FromHours(1) };
        SenderKeyState alice = Alice();

        alice.NeedsRotation(Now, policy).Should().BeFalse();
        (alice, _) = alice.Encrypt(Text("1"));
        (alice, _) = alice.Encrypt(Text("2"));
        alice.NeedsRotation(Now, policy).Should().BeTrue("two messages under the key");
        Alice().NeedsRotation(Now + 3_600_000, policy).Should().BeTrue("an hour old");
        Alice().NeedsRotation(Now + 3_599_999, policy).Should().BeFalse();
        alice.NeedsRotation(Now, policy with { MaxMessagesPerKey = 0 }).Should().BeFalse("0 turns the count rule off");
    }

    [Test]
    public void A_member_holding_a_senders_key_can_forge_that_senders_messages()
    {
        // A property of seed 004's design, recorded as a finding: group messages carry no signature, so whoever holds
        // Alice's chain (every member) can write a message every other member reads as Alice's.
        SenderKeyState alice = Alice();
        SenderKeyDistribution atBob = alice.Distribution;
        SenderKeyRecord carol = Holding(alice.Distribution);
        SenderKeyState forger = new(atBob.Group, atBob.Sender, atBob.KeyId, atBob.ChainKey, atBob.Counter, Now);

        (_, GroupMessage forged) = forger.Encrypt(Text("alice says: pay bob"));

        carol.Decrypt(forged, Now, Policy).Plaintext.Should().Equal(Text("alice says: pay bob"));
    }

    [Test]
    public void A_distribution_round_trips_and_a_damaged_one_is_malformed()
    {
        SenderKeyDistribution d = Alice().Distribution;
        byte[] bytes = d.Encode();

        SenderKeyDistribution back = SenderKeyDistribution.Decode(bytes);
        (back.Group, back.Sender, back.KeyId, back.Counter).Should().Be((d.Group, d.Sender, d.KeyId, d.Counter));
        back.ChainKey.Should().Equal(d.ChainKey);
        d.ToString().Should().NotContain(Convert.ToHexString(d.ChainKey)[..8]);
        Refusal.Expect(() => SenderKeyDistribution.Decode(bytes.AsSpan(0, bytes.Length - 1)), SenderKeyErrorCode.Malformed);
        Refusal.Expect(() => SenderKeyDistribution.Decode([.. bytes, 0]), SenderKeyErrorCode.Malformed);
        Refusal.Expect(() => SenderKeyDistribution.Decode([(byte)'X', .. bytes[1..]]), SenderKeyErrorCode.Malformed);
        Refusal.Expect(() => SenderKeyDistribution.Decode([]), SenderKeyErrorCode.Malformed);
    }

    private static void RefusedUnchanged(SenderKeyRecord record, GroupMessage message, long now, SenderKeyErrorCode code)
    {
        SenderKeyRecord before = record with { };
        Refusal.Expect(() => record.Decrypt(message, now, Policy), code);
        record.Should().Be(before, "a refusal changes nothing");
    }
}
