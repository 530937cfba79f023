using System.Text.Json.Nodes;
using E2eeConformance.SenderKeys.Vectors;

namespace E2eeConformance.SenderKeys.Tests.Crypto;

/// <summary>A vector file whose cases are not objects, or whose names are not texts, fails case by case; it never throws.</summary>
public sealed class MalformedVectorFileTests
{
    [TestCase("""{"family":"sender-keys","cases":[{"name":5}]}""")]
    [TestCase("""{"family":"sender-keys","cases":["x"]}""")]
    [TestCase("""{"family":"sender-keys","cases":[null]}""")]
    public void A_case_that_cannot_be_read_fails_with_the_reason(string json)
    {
        SenderKeyVectorCase result = SenderKeyVectorFile.Verify(JsonNode.Parse(json)!).Should().ContainSingle().Subject;
        result.Case.Should().Be("(unnamed)");
        result.Passed.Should().BeFalse();
        result.Disagreements.Should().ContainSingle().Which.Should().StartWith("cannot read the case");
    }
}
