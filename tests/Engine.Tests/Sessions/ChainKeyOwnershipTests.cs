using E2eeConformance.Engine.Sessions;
using E2eeConformance.Engine.Tests.Support;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Engine.Tests.Sessions;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// The double ratchet disposes every chain key, root key and skipped key it derives and does not keep (SecretBytes
/// ownership rule), and never one a state holds: states are immutable and share their keys, so a state a caller still
/// holds must keep working after a newer state was derived from it (compute, then commit).
/// </summary>
[TestFixture("ecc")]
[TestFixture("pqc")]
public sealed class ChainKeyOwnershipTests(string suiteName) : CipherSuiteFixture(suiteName)
{
    private TwoParties Establish([System.Runtime.CompilerServices.CallerMemberName] string label = "") => TwoParties.Establish(Suite, label);

    [Test]
    public void Skipping_keys_within_a_chain_leaves_the_earlier_state_and_the_stored_skipped_keys_intact()
    {
        TwoParties p = Establish();
        p.BobReceives(p.AliceSends("a0")).Should().Be("a0");
        List<Wire.E2eeMsg> m = p.AliceSendsMany("m", 4);
        EstablishedSession before = p.BobSession;
        string dump = StateDump.Of(before);

        p.BobReceives(m[3]).Should().Be("m3");

        StateDump.Of(before).Should().Be(dump, "the keys of the state decryption started from are shared, not disposed");
        p.BobSession.Ratchet.SkippedKeys.Should().HaveCount(3);
        p.BobSession.Ratchet.SkippedKeys.Select(k => k.DerivedKey.ToArray()).Should()
            .OnlyContain(bytes => bytes.Any(b => b != 0), "the kept skipped keys are not wiped");
        TwoParties.Text(before.Decrypt(m[1], p.Random).Plaintext).Should().Be("m1", "the earlier state still decrypts");
        p.BobReceives(m[0]).Should().Be("m0");
        p.BobReceives(m[2]).Should().Be("m2");
        p.BobReceives(m[1]).Should().Be("m1");
    }

    [Test]
    public void Opening_a_new_chain_with_keys_missing_from_the_previous_one_leaves_the_earlier_state_intact()
    {
        TwoParties p = Establish();
        Wire.E2eeMsg a0 = p.AliceSends("a0");
        Wire.E2eeMsg a1 = p.AliceSends("a1");
        p.BobReceives(a0).Should().Be("a0");
        p.AliceReceives(p.BobSends("b0")).Should().Be("b0");
        Wire.E2eeMsg c0 = p.AliceSends("c0");
        Wire.E2eeMsg c1 = p.AliceSends("c1");
        EstablishedSession before = p.BobSession;
        string dump = StateDump.Of(before);

        p.BobReceives(c1).Should().Be("c1");

        StateDump.Of(before).Should().Be(dump, "the previous receiving chain, root key and sender chain stay with the earlier state");
        TwoParties.Text(before.Decrypt(c0, p.Random).Plaintext).Should().Be("c0", "the earlier state still opens the new chain");
        TwoParties.Text(before.Decrypt(a1, p.Random).Plaintext).Should().Be("a1", "and still continues the previous one");
        p.BobReceives(a1).Should().Be("a1");
        p.BobReceives(c0).Should().Be("c0");
        p.AliceReceives(p.BobSends("b1")).Should().Be("b1");
    }

    [Test]
    public void Opening_a_new_chain_with_nothing_missing_keeps_the_previous_receiving_chain_of_the_earlier_state()
    {
        TwoParties p = Establish();
        p.BobReceives(p.AliceSends("a0")).Should().Be("a0");
        p.AliceReceives(p.BobSends("b0")).Should().Be("b0");
        Wire.E2eeMsg c0 = p.AliceSends("c0");
        EstablishedSession before = p.BobSession;
        byte[] receiving = before.Ratchet.Receiver.ChainKey!.ToArray();

        p.BobReceives(c0).Should().Be("c0");

        before.Ratchet.Receiver.ChainKey!.Key.ToArray().Should().Equal(receiving);
        receiving.Should().Contain(b => b != 0);
    }
}
