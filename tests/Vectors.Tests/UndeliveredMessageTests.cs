using System.Text.Json.Nodes;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Vectors.Tests;

/// <summary>
/// One-to-one files whose messages are sent in another order than they are delivered and where some are never
/// delivered (<c>undelivered_messages</c>, vectors/README.md): the sender side replays every message in send order,
/// the receiver side only the delivered ones; a send position the file lacks altogether makes the later sender checks
/// of that chain not checkable, never failed. Our own files have m23 (mid-chain, Bob) and m26 (end of chain, Alice)
/// undelivered.
/// </summary>
[TestFixture]
public sealed class UndeliveredMessageTests
{
    private static IEnumerable<string> SuiteNames() => CipherSuite.Named.Select(s => s.Name);

    [TestCaseSource(nameof(SuiteNames))]
    public void A_file_with_undelivered_messages_passes_on_both_sides(string suite)
    {
        IReadOnlyList<VectorCaseResult> results = VectorVerifier.Verify("own.json", Own(suite));

        results.Should().OnlyContain(r => r.Outcome == VectorOutcome.Passed);
        results.Select(r => r.Case).Should().Contain(c => c.StartsWith("m23: bob → alice", StringComparison.Ordinal) && c.EndsWith("(sender; never delivered)", StringComparison.Ordinal))
            .And.Contain(c => c.StartsWith("m26: alice → bob", StringComparison.Ordinal) && c.EndsWith("(sender; never delivered)", StringComparison.Ordinal))
            .And.Contain(c => c.StartsWith("m24:", StringComparison.Ordinal) && c.EndsWith("(sender and receiver)", StringComparison.Ordinal))
            .And.Contain(c => c.StartsWith("final", StringComparison.Ordinal));
    }

    [Test]
    public void The_receivers_keep_the_keys_of_the_messages_that_never_arrived()
    {
        JsonNode root = Own("pqc");
        JsonNode alice = root["alice_session_final"]!["ratchet"]!;
        JsonNode bob = root["bob_session_final"]!["ratchet"]!;
        JsonNode m23 = Undelivered(root, 23);
        JsonNode m26 = Undelivered(root, 26);

        alice["skipped_msg_keys"]!.AsArray().Should().ContainSingle().Which!["ratchet_key_public"]!.GetValue<string>().Should().Be(m23["ratchet_key"]!.GetValue<string>());
        bob["skipped_msg_keys"]!.AsArray().Should().ContainSingle().Which!["ratchet_key_public"]!.GetValue<string>().Should().Be(m26["ratchet_key"]!.GetValue<string>());
        VectorVerifier.Verify("own.json", root).Should().OnlyContain(r => r.Outcome == VectorOutcome.Passed);
    }

    [TestCase("pqc")]
    [TestCase("ecc")]
    public void A_send_position_missing_mid_chain_makes_exactly_the_later_sender_checks_of_that_chain_not_checkable(string suite)
    {
        JsonNode root = Own(suite);
        RemoveUndelivered(root, 23);

        IReadOnlyList<VectorCaseResult> results = VectorVerifier.Verify("gap.json", root);

        results.Should().NotContain(r => r.Outcome == VectorOutcome.Failed);
        VectorCaseResult notCheckable = results.Should().ContainSingle(r => r.Outcome == VectorOutcome.NotCheckable).Subject;
        notCheckable.Case.Should().StartWith("m24: bob → alice").And.EndWith("(sender)");
        notCheckable.Details.Should().Equal("send position 23 is not in the file");
        notCheckable.Line.Should().StartWith("NOT-CHECKABLE gap.json m24:");
        results.Should().ContainSingle(r => r.Case.StartsWith("m24:", StringComparison.Ordinal) && r.Case.EndsWith("(receiver)", StringComparison.Ordinal))
            .Which.Outcome.Should().Be(VectorOutcome.Passed);
        results.Should().Contain(r => r.Case.StartsWith("m27:", StringComparison.Ordinal) && r.Case.EndsWith("(sender and receiver)", StringComparison.Ordinal),
            "bob's next chain is checked again");
    }

    [Test]
    public void A_send_position_missing_at_the_end_of_a_chain_is_bridged_at_the_senders_next_receive()
    {
        JsonNode root = Own("pqc");
        RemoveUndelivered(root, 26);

        IReadOnlyList<VectorCaseResult> results = VectorVerifier.Verify("gap.json", root);

        results.Should().OnlyContain(r => r.Outcome == VectorOutcome.Passed, "no later message of alice's chain follows the gap, and her next chain counts m26");
        results.Should().Contain(r => r.Case.StartsWith("m28:", StringComparison.Ordinal) && r.Case.EndsWith("(sender and receiver)", StringComparison.Ordinal));
    }

    [Test]
    public void Several_missing_send_positions_are_named_as_a_range()
    {
        JsonNode root = Own("pqc");
        RemoveUndelivered(root, 23);
        foreach (JsonNode? m in root["messages"]!.AsArray().Concat(root["undelivered_messages"]!.AsArray()).Where(m => (int)m!["n"]! >= 24))
        {
            m!["n"] = (int)m["n"]! + 1; // send positions are only an order: 23 and 24 are now both absent
        }

        IReadOnlyList<VectorCaseResult> results = VectorVerifier.Verify("gap.json", root);

        results.Should().NotContain(r => r.Outcome == VectorOutcome.Failed);
        VectorCaseResult notCheckable = results.Should().ContainSingle(r => r.Outcome == VectorOutcome.NotCheckable).Subject;
        notCheckable.Case.Should().StartWith("m25: bob → alice");
        notCheckable.Details.Should().Equal("send positions 23…24 are not in the file");
    }

    [Test]
    public void A_flipped_byte_of_an_undelivered_ciphertext_fails_its_sender_check()
    {
        JsonNode root = Own("pqc");
        JsonNode m23 = Undelivered(root, 23);
        byte[] ciphertext = Convert.FromHexString((string)m23["ciphertext"]!);
        ciphertext[^3] ^= 0x01;
        m23["ciphertext"] = Convert.ToHexStringLower(ciphertext);

        IReadOnlyList<VectorCaseResult> results = VectorVerifier.Verify("tampered.json", root);

        VectorCaseResult failed = results.Should().ContainSingle(r => r.Outcome == VectorOutcome.Failed).Subject;
        failed.Case.Should().StartWith("m23:").And.EndWith("(sender; never delivered)");
        failed.Details.Should().ContainSingle().Which.Should().StartWith("m23.ciphertext");
    }

    [Test]
    public void A_count_that_no_missing_position_explains_is_a_failure_not_a_gap()
    {
        JsonNode root = Own("pqc");
        JsonNode m24 = root["messages"]!.AsArray().First(m => (int)m!["n"]! == 24)!;
        m24["sending_message_sequence"] = (int)m24["sending_message_sequence"]! + 1;

        IReadOnlyList<VectorCaseResult> results = VectorVerifier.Verify("tampered.json", root);

        results.Should().NotContain(r => r.Outcome == VectorOutcome.NotCheckable);
        results.Should().ContainSingle(r => r.Outcome == VectorOutcome.Failed)
            .Which.Details.Should().ContainSingle().Which.Should().StartWith("m24.sending_message_sequence");
    }

    [Test]
    public void Undelivered_messages_need_only_their_sender_and_text()
    {
        JsonNode root = Own("ecc");
        var bare = new JsonObject { ["n"] = 23, ["from"] = "bob", ["to"] = "alice", ["plaintext"] = Undelivered(root, 23)["plaintext"]!.GetValue<string>() };
        RemoveUndelivered(root, 23);
        root["undelivered_messages"]!.AsArray().Insert(0, bare);

        VectorVerifier.Verify("bare.json", root).Should().OnlyContain(r => r.Outcome == VectorOutcome.Passed);
    }

    [Test]
    public void The_reference_schema_reader_accepts_the_same_list()
    {
        JsonNode root = Own("pqc");
        root.AsObject().Remove("format");

        IReadOnlyList<VectorCaseResult> results = VectorVerifier.Verify("reference-shaped.json", root);

        results.Should().OnlyContain(r => r.Outcome == VectorOutcome.Passed);
        results.Count(r => r.Case.EndsWith("(sender; never delivered)", StringComparison.Ordinal)).Should().Be(2);
    }

    [TestCase(23, "appears twice")]
    [TestCase(0, "outside 1")]
    [TestCase(100_001, "outside 1")]
    public void A_bad_send_position_fails_the_message_list_and_replays_no_message(int n, string reason)
    {
        JsonNode root = Own("pqc");
        Undelivered(root, 26)["n"] = n;

        IReadOnlyList<VectorCaseResult> results = VectorVerifier.Verify("bad.json", root);

        VectorCaseResult failed = results.Should().ContainSingle(r => r.Case.StartsWith("messages", StringComparison.Ordinal)).Subject;
        failed.Outcome.Should().Be(VectorOutcome.Failed);
        failed.Details.Should().ContainSingle().Which.Should().Contain(reason);
        results.Should().NotContain(r => r.Case.StartsWith("m1:", StringComparison.Ordinal), "no message is replayed from an unreadable list");
    }

    private static JsonNode Own(string suite) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(SharedPaths.OwnVectors, $"one2one_{suite}.json")))!;

    private static JsonNode Undelivered(JsonNode root, int n) =>
        root["undelivered_messages"]!.AsArray().First(m => (int)m!["n"]! == n)!;

    private static void RemoveUndelivered(JsonNode root, int n) =>
        root["undelivered_messages"]!.AsArray().Remove(Undelivered(root, n)).Should().BeTrue();
}
