using E2eeConformance.Engine.Crypto;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Vectors.Tests;

/// <summary>
/// This project's own vectors (vectors/): regenerated deterministically and compared with the committed files (they are
/// rewritten only with VECTORS_REGENERATE=1, STYLE #12), and verified case by case, tampered twins included.
/// </summary>
[TestFixture]
public sealed class OwnVectorTests
{
    private static IEnumerable<TestCaseData> OwnCases() => VectorCatalog.Cases(VectorCatalog.OwnFiles);

    private static IEnumerable<string> SuiteNames() => CipherSuite.Named.Select(s => s.Name);

    [TestCaseSource(nameof(OwnCases))]
    public void Own_case_passes(VectorCaseResult result) =>
        result.Outcome.Should().Be(VectorOutcome.Passed, string.Join("\n", result.Details));

    [TestCaseSource(nameof(SuiteNames))]
    public void Generated_one_to_one_vectors_equal_the_committed_file(string suiteName)
    {
        CipherSuite.TryParse(suiteName, out CipherSuite? suite).Should().BeTrue();
        string path = Path.Combine(SharedPaths.OwnVectors, $"one2one_{suite!.Name}.json");
        string generated = OwnVectorGenerator.Serialize(OwnVectorGenerator.GenerateOne2One(suite));
        if (Environment.GetEnvironmentVariable("VECTORS_REGENERATE") == "1")
        {
            File.WriteAllText(path, generated);
        }

        File.Exists(path).Should().BeTrue($"{path} is committed (regenerate with VECTORS_REGENERATE=1 or 'vectors generate')");
        File.ReadAllText(path).Should().Be(generated, "vector generation is deterministic and the engine's bytes must not drift");
    }

    [TestCaseSource(nameof(SuiteNames))]
    public void Generated_group_vectors_equal_the_committed_file(string suiteName)
    {
        CipherSuite.TryParse(suiteName, out CipherSuite? suite).Should().BeTrue();
        string path = Path.Combine(SharedPaths.OwnVectors, $"group_{suite!.Name}.json");
        string generated = OwnVectorGenerator.Serialize(OwnGroupVectorGenerator.Generate(suite));
        if (Environment.GetEnvironmentVariable("VECTORS_REGENERATE") == "1")
        {
            File.WriteAllText(path, generated);
        }

        File.ReadAllText(path).Should().Be(generated);
    }

    [TestCaseSource(nameof(SuiteNames))]
    public void Every_own_group_file_covers_creation_out_of_order_removal_and_add_with_twins(string suiteName)
    {
        IReadOnlyList<VectorCaseResult> results = VectorCatalog.Of(Path.Combine(SharedPaths.OwnVectors, $"group_{suiteName}.json"));
        results.Should().Contain(r => r.Case.StartsWith("phase1: seed", StringComparison.Ordinal));
        results.Should().Contain(r => r.Case.Contains("removed member claire cannot decrypt", StringComparison.Ordinal));
        results.Should().Contain(r => r.Case.StartsWith("phase3_after_adding_david: inviter", StringComparison.Ordinal));
        int messages = results.Count(r => r.Case.Contains("(sender and every receiver)", StringComparison.Ordinal));
        results.Count(r => r.Case.Contains("tampered twin", StringComparison.Ordinal)).Should().Be(messages);
    }

    [Test]
    public void Generated_primitive_vectors_equal_the_committed_file()
    {
        string path = Path.Combine(SharedPaths.OwnVectors, "primitives.json");
        string generated = OwnVectorGenerator.Serialize(OwnPrimitiveVectors.Generate());
        if (Environment.GetEnvironmentVariable("VECTORS_REGENERATE") == "1")
        {
            File.WriteAllText(path, generated);
        }

        File.ReadAllText(path).Should().Be(generated);
    }

    [Test]
    public void Generated_sender_key_vectors_equal_the_committed_file_and_verify()
    {
        string path = Path.Combine(SharedPaths.OwnVectors, SenderKeys.Vectors.SenderKeyVectorFile.FileName);
        string generated = SenderKeys.Vectors.SenderKeyVectorFile.Generate();
        if (Environment.GetEnvironmentVariable("VECTORS_REGENERATE") == "1")
        {
            File.WriteAllText(path, generated);
        }

        File.ReadAllText(path).Should().Be(generated);
        VectorCatalog.Of(path).Select(r => (r.Case, r.Outcome)).Should().Equal(
            ("ecdh-p256-rfc5903-8.1", VectorOutcome.Passed), ("hkdf-sha256-rfc5869-a.1", VectorOutcome.Passed), ("pairwise-alice-bob", VectorOutcome.Passed),
            ("sender-key-chain", VectorOutcome.Passed), ("rotation-transition-window", VectorOutcome.Passed));
    }

    [Test]
    public void Generated_room_key_vectors_equal_the_committed_file_and_verify()
    {
        string path = Path.Combine(SharedPaths.OwnVectors, RoomKeys.Vectors.RoomKeyVectorFile.FileName);
        string generated = RoomKeys.Vectors.RoomKeyVectorFile.Generate();
        if (Environment.GetEnvironmentVariable("VECTORS_REGENERATE") == "1")
        {
            File.WriteAllText(path, generated);
        }

        File.ReadAllText(path).Should().Be(generated);
        VectorCatalog.Of(path).Select(r => (r.Case, r.Outcome)).Should().Equal(
            ("room-key-rsa-oaep-2048", VectorOutcome.Passed), ("room-message", VectorOutcome.Passed), ("room-message-empty", VectorOutcome.Passed),
            ("distribution-invite-send-room-key", VectorOutcome.Passed));
    }

    [Test]
    public void Generated_mpenc_vectors_equal_the_committed_file_and_verify()
    {
        string path = Path.Combine(SharedPaths.OwnVectors, Mpenc.Vectors.MpencVectorFile.FileName);
        string generated = Mpenc.Vectors.MpencVectorFile.Generate();
        if (Environment.GetEnvironmentVariable("VECTORS_REGENERATE") == "1")
        {
            File.WriteAllText(path, generated);
        }

        File.ReadAllText(path).Should().Be(generated);
        VectorCatalog.Of(path).Select(r => (r.Case, r.Outcome)).Should().Equal(
            ("ika-p1-p2-p3", VectorOutcome.Passed), ("include-p4", VectorOutcome.Passed), ("exclude-p2", VectorOutcome.Passed), ("data-p1-p3-p4", VectorOutcome.Passed));
    }

    [Test]
    public void The_primitive_file_covers_every_kem_and_signature_scheme_with_twins()
    {
        IReadOnlyList<VectorCaseResult> results = VectorCatalog.Of(Path.Combine(SharedPaths.OwnVectors, "primitives.json"));
        string[] expected = ["kem X25519", "kem ML-KEM-512", "kem ML-KEM-768", "kem ML-KEM-1024", "signature curve25519", "signature ML-DSA-44", "signature ML-DSA-65", "signature ML-DSA-87", "signature SLH-DSA-SHA2-256s"];
        foreach (string name in expected)
        {
            results.Should().Contain(r => r.Case == name);
            results.Should().Contain(r => r.Case.StartsWith(name + " tampered twin", StringComparison.Ordinal));
        }
    }

    [TestCaseSource(nameof(SuiteNames))]
    public void Every_own_file_has_a_tampered_twin_per_delivered_message_and_two_undelivered_messages(string suiteName)
    {
        IReadOnlyList<VectorCaseResult> results = VectorCatalog.Of(Path.Combine(SharedPaths.OwnVectors, $"one2one_{suiteName}.json"));
        results.Count(r => r.Case.Contains("tampered twin", StringComparison.Ordinal)).Should().Be(27, "one for the bundle and one per delivered message");
        results.Count(r => r.Case.Contains("(sender and receiver)", StringComparison.Ordinal)).Should().Be(26);
        results.Count(r => r.Case.Contains("(sender; never delivered)", StringComparison.Ordinal)).Should().Be(2);
    }
}
