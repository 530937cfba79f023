using System.Text;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Integration.Tests.Support;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Integration.Tests;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// Honest reordering beyond the jump limit, end to end (issue 11): a message more than
/// <see cref="ProtocolLimits.MaxForwardJump"/> keys ahead of its chain is held by the receiving device, survives a
/// restart from its SQLite store, and is read once the earlier messages narrow the gap.
/// </summary>
[TestFixture("ecc")]
[TestFixture("pqc")]
public sealed class JumpBeyondLimitDeviceTests(string suiteName) : CipherSuiteFixture(suiteName)
{
    private const int ChainLength = 300;

    private static byte[] T(string text) => Encoding.UTF8.GetBytes(text);

    [Test]
    public void A_message_599_keys_ahead_is_held_across_a_restart_and_read_when_the_gap_fills()
    {
        using World w = new(Suite, TestContext.CurrentContext.Test.Name, sqlite: true);
        Device alice = w.Add("alice");
        Device bob = w.Add("bob");
        alice.SendText(w.Domain, "bob", T("first"));
        w.Pump();

        // Alice's first chain: 300 more texts that stay at the server; Bob's reply makes her ratchet step.
        for (int i = 1; i <= ChainLength; i++)
        {
            alice.SendText(w.Domain, "bob", T($"a{i}"));
        }

        bob.SendText(w.Domain, "alice", T("reply"));
        alice.Process(w.Server.Pending(alice.Address).Single());
        for (int i = 1; i <= ChainLength; i++)
        {
            alice.SendText(w.Domain, "bob", T($"b{i}"));
        }

        // The last one reaches Bob first: 300 keys missing from the first chain + 299 on the second.
        IReadOnlyList<Wire.ProtoMsg> toBob = w.Server.Pending(bob.Address);
        toBob.Should().HaveCount(2 * ChainLength);
        bob.Process(toBob[^1]);

        bob.State.PeerOf(alice.Address).HeldForGap.Should().ContainSingle();
        w.Log.Failures.Should().BeEmpty("a held message is not a failure");
        w.Server.Pending(bob.Address).Should().HaveCount(2 * ChainLength - 1, "the held message was consumed as processed");
        bob = w.Restart("bob/1");
        bob.State.PeerOf(alice.Address).HeldForGap.Should().ContainSingle("held messages are saved with the state");

        w.Pump();

        List<string> read = [.. w.Log.TextsReceivedBy("bob/1@" + w.Domain)];
        read.Should().HaveCount(1 + (2 * ChainLength));
        read.Should().ContainInConsecutiveOrder(["a87", $"b{ChainLength}", "a88"], "the held message is read right after the message that brings it within the limit");
        bob.State.PeerOf(alice.Address).HeldForGap.Should().BeEmpty();
        w.Log.Failures.Should().BeEmpty();
        w.Server.Pending(bob.Address).Should().BeEmpty();
    }
}
