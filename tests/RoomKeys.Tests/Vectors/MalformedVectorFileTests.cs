using System.Text.Json.Nodes;
using E2eeConformance.RoomKeys.Vectors;

namespace E2eeConformance.RoomKeys.Tests.Vectors;

/// <summary>A vector file whose cases are not objects, or whose names are not texts, fails case by case; it never throws.</summary>
public sealed class MalformedVectorFileTests
{
    [TestCase("""{"family":"room-keys","cases":[{"name":5}]}""")]
    [TestCase("""{"family":"room-keys","cases":["x"]}""")]
    [TestCase("""{"family":"room-keys","cases":[null]}""")]
    public void A_case_that_cannot_be_read_fails_with_the_reason(string json)
    {
        RoomKeyVectorCase result = RoomKeyVectorFile.Verify(JsonNode.Parse(json)!).Should().ContainSingle().Subject;
        result.Case.Should().Be("(unnamed)");
        result.Passed.Should().BeFalse();
        result.Disagreements.Should().ContainSingle().Which.Should().StartWith("cannot read the case");
    }
}
