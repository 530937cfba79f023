using System.Text.Json.Nodes;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Vectors.Tests;

/// <summary>
/// The reference implementations' vectors (vectors/reference): every primitive and one-to-one case must pass, as the
/// receiver (recorded bytes in, recorded plaintexts and ratchets out) and as the sender (recorded keys and randomness
/// in, recorded bytes out).
/// </summary>
[TestFixture]
public sealed class ReferenceVectorTests
{
    private static IEnumerable<TestCaseData> ReferenceCases() => VectorCatalog.Cases(VectorCatalog.ReferenceFiles);

    [TestCaseSource(nameof(ReferenceCases))]
    public void Reference_case_passes(VectorCaseResult result) =>
        result.Outcome.Should().Be(VectorOutcome.Passed, string.Join("\n", result.Details));

    [TestCase("e2ee-security-d6b6c69/pqc_one2one.json")]
    [TestCase("e2ee-security-d6b6c69/ecc_one2one_RECONSTRUCTED.json")]
    [TestCase("skissm-v1.8.0-4e59ec9/ecc_one2one.json")]
    public void Every_one_to_one_file_is_reproduced_completely(string file)
    {
        IReadOnlyList<VectorCaseResult> results = VectorCatalog.Of(Path.Combine(SharedPaths.ReferenceVectors, file));
        results.Select(r => r.Case).Should().Contain(c => c.StartsWith("bundle", StringComparison.Ordinal))
            .And.Contain(c => c.StartsWith("invite", StringComparison.Ordinal))
            .And.Contain(c => c.StartsWith("accept", StringComparison.Ordinal))
            .And.Contain(c => c.StartsWith("complete", StringComparison.Ordinal))
            .And.Contain(c => c.StartsWith("final", StringComparison.Ordinal));
        results.Count(r => r.Case.Contains("(sender and receiver)", StringComparison.Ordinal)).Should().Be(21);
        results.Should().OnlyContain(r => r.Outcome == VectorOutcome.Passed);
    }

    [Test]
    public void Primitives_file_checks_every_entry()
    {
        IReadOnlyList<VectorCaseResult> results = VectorCatalog.Of(VectorCatalog.ReferenceFiles[0]);
        results.Should().HaveCount(23);
        results.Should().OnlyContain(r => r.Outcome == VectorOutcome.Passed);
    }

    [TestCase("e2ee-security-d6b6c69/pqc_group.json", 11)]
    [TestCase("e2ee-security-d6b6c69/ecc_group_RECONSTRUCTED.json", 11)]
    [TestCase("skissm-v1.8.0-4e59ec9/ecc_group.json", 16)]
    public void Every_group_file_is_reproduced_completely(string file, int cases)
    {
        IReadOnlyList<VectorCaseResult> results = VectorCatalog.Of(Path.Combine(SharedPaths.ReferenceVectors, file));
        results.Should().HaveCount(cases);
        results.Should().OnlyContain(r => r.Outcome == VectorOutcome.Passed);
        results.Should().Contain(r => r.Case.Contains("removed member claire cannot decrypt", StringComparison.Ordinal));
    }

    [Test]
    public void The_skissm_add_member_phase_is_reproduced_with_its_update_bundles()
    {
        IReadOnlyList<VectorCaseResult> results = VectorCatalog.Of(Path.Combine(SharedPaths.Skissm, "ecc_group.json"));
        results.Should().Contain(r => r.Case.StartsWith("phase3_after_adding_david: inviter", StringComparison.Ordinal) && r.Outcome == VectorOutcome.Passed);
        results.Count(r => r.Case.StartsWith("phase3_after_adding_david.messages", StringComparison.Ordinal)).Should().Be(4);
    }

    [Test]
    public void A_flipped_group_signature_fails_exactly_that_message_case()
    {
        JsonNode root = JsonNode.Parse(File.ReadAllText(Path.Combine(SharedPaths.E2eeSecurity, "pqc_group.json")))!;
        JsonNode message = root["phase2_after_removing_claire"]!["messages"]![1]!;
        byte[] bytes = Convert.FromHexString((string)message["e2ee_msg_pb"]!);
        bytes[^5] ^= 0x01;
        message["e2ee_msg_pb"] = Convert.ToHexStringLower(bytes);

        IReadOnlyList<VectorCaseResult> results = VectorVerifier.Verify("tampered.json", root);

        VectorCaseResult failed = results.Should().ContainSingle(r => r.Outcome == VectorOutcome.Failed).Subject;
        failed.Case.Should().StartWith("phase2_after_removing_claire.messages[1]:");
        failed.Details.Should().Contain(d => d.Contains("bad_signature", StringComparison.Ordinal));
    }

    [TestCase(5, "ciphertext", "m5.ciphertext")]
    [TestCase(13, "e2ee_msg_pb", "m13.e2ee_msg_pb")]
    [TestCase(19, "e2ee_msg_pb", "m19.e2ee_msg_pb")]
    [TestCase(2, "one2one_msg_payload_pb", "m2.e2ee_msg_pb")]
    public void A_flipped_byte_fails_exactly_that_message_case_and_names_the_field(int n, string field, string named)
    {
        JsonNode root = JsonNode.Parse(File.ReadAllText(Path.Combine(SharedPaths.E2eeSecurity, "pqc_one2one.json")))!;
        JsonNode message = root["messages"]!.AsArray().First(m => (int)m!["n"]! == n)!;
        byte[] bytes = Convert.FromHexString((string)message[field]!);
        bytes[bytes.Length - 3] ^= 0x01;
        message[field] = Convert.ToHexStringLower(bytes);

        IReadOnlyList<VectorCaseResult> results = VectorVerifier.Verify("tampered.json", root);

        VectorCaseResult failed = results.Should().ContainSingle(r => r.Outcome == VectorOutcome.Failed).Subject;
        failed.Case.Should().StartWith($"m{n}:");
        failed.Details.Should().Contain(d => d.StartsWith(named, StringComparison.Ordinal));
    }

    [Test]
    public void A_flipped_recorded_ratchet_fails_only_that_message()
    {
        JsonNode root = JsonNode.Parse(File.ReadAllText(Path.Combine(SharedPaths.Skissm, "ecc_one2one.json")))!;
        JsonNode after = root["messages"]!.AsArray().First(m => (int)m!["n"]! == 7)!["receiver_ratchet_after"]!;
        byte[] rootKey = Convert.FromHexString((string)after["root_key"]!);
        rootKey[0] ^= 0x80;
        after["root_key"] = Convert.ToHexStringLower(rootKey);

        IReadOnlyList<VectorCaseResult> results = VectorVerifier.Verify("tampered.json", root);

        VectorCaseResult failed = results.Should().ContainSingle(r => r.Outcome == VectorOutcome.Failed).Subject;
        failed.Case.Should().StartWith("m7:");
        failed.Details.Should().ContainSingle().Which.Should().StartWith("m7.receiver_ratchet_after.root_key");
    }

    [Test]
    public void A_file_that_is_not_json_is_one_failed_case()
    {
        string path = Path.Combine(Path.GetTempPath(), $"not-json-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{ not json");
        try
        {
            VectorVerifier.VerifyFile(path).Should().ContainSingle().Which.Outcome.Should().Be(VectorOutcome.Failed);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
