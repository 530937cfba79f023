using System.Text.Json.Nodes;
using E2eeConformance.SenderKeys.Vectors;

namespace E2eeConformance.SenderKeys.Tests.Crypto;

/// <summary>The family's vector file (issue 15 §4): it verifies as generated, and every changed output or input is caught by name.</summary>
public sealed class VectorFileTests
{
    private static JsonNode File() => JsonNode.Parse(SenderKeyVectorFile.Generate())!;

    [Test]
    public void The_generated_file_verifies_and_states_the_RFC_5903_secret()
    {
        JsonNode file = File();

        SenderKeyVectorFile.Accepts(file).Should().BeTrue();
        SenderKeyVectorFile.Verify(file).Should().OnlyContain(c => c.Passed).And.HaveCount(5);
        file["cases"]![0]!["outputs"]!["shared_secret"]!.GetValue<string>().Should().Be("d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de");
    }

    [TestCase(2, "messages")]
    [TestCase(3, "messages")]
    [TestCase(4, "reads")]
    public void A_changed_output_fails_its_case_naming_the_field(int index, string field)
    {
        JsonNode file = File();
        JsonNode outputs = file["cases"]![index]!["outputs"]!;
        outputs[field] = new JsonArray();

        SenderKeyVectorCase result = SenderKeyVectorFile.Verify(file)[index];

        result.Passed.Should().BeFalse();
        result.Disagreements.Should().Equal($"{field} differs");
    }

    [Test]
    public void A_twin_whose_expected_code_is_changed_fails_and_a_broken_input_is_reported_not_thrown()
    {
        JsonNode file = File();
        file["cases"]![2]!["outputs"]!["twins"]![0]!["expect"] = "reads";
        file["cases"]![3]!["chain_key"] = "zz";

        IReadOnlyList<SenderKeyVectorCase> results = SenderKeyVectorFile.Verify(file);

        results[2].Disagreements.Should().Equal("twins differs");
        results[3].Disagreements.Should().ContainSingle().Which.Should().StartWith("cannot read the case:");
        SenderKeyVectorFile.Accepts(JsonNode.Parse("""{"family": 3}""")).Should().BeFalse();
    }
}
