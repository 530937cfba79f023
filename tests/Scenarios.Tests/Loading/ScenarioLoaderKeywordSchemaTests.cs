using System.Text.Json;
using E2eeConformance.Scenarios.Loading;

namespace E2eeConformance.Scenarios.Tests.Loading;

/// <summary>
/// The loader's keyword lists (top-level keys, steps, expectations, error codes, message kinds, tamper fields) and
/// the JSON schema name the same things.
/// </summary>
[TestFixture]
public sealed class ScenarioLoaderKeywordSchemaTests
{
    [Test]
    public void Schema_describes_every_step_and_expectation_keyword()
    {
        using JsonDocument schema = JsonDocument.Parse(System.IO.File.ReadAllText(SchemaPath()));
        JsonElement root = schema.RootElement;
        root.GetProperty("$schema").GetString().Should().Be("https://json-schema.org/draft/2020-12/schema");
        root.GetProperty("additionalProperties").GetBoolean().Should().BeFalse();
        root.GetProperty("properties").EnumerateObject().Select(p => p.Name).Should().Equal(ScenarioLoader.TopLevelKeys);

        JsonElement defs = root.GetProperty("$defs");
        var stepRefs = defs.GetProperty("step").GetProperty("oneOf").EnumerateArray().Select(r => r.GetProperty("$ref").GetString()).ToList();
        foreach (string keyword in ScenarioLoader.StepKeywords)
        {
            stepRefs.Should().Contain($"#/$defs/{keyword}", "the step list of the schema must offer {0}", keyword);
            defs.TryGetProperty(keyword, out JsonElement def).Should().BeTrue("the schema must define step {0}", keyword);
            def.GetRawText().Should().Contain($"\"{keyword}\"");
        }

        stepRefs.Should().HaveCount(ScenarioLoader.StepKeywords.Count);
        defs.GetProperty("expectations").GetProperty("properties").EnumerateObject().Select(p => p.Name)
            .Should().Equal(ScenarioLoader.ExpectationKeywords);
        defs.GetProperty("errorCode").GetProperty("enum").EnumerateArray().Select(c => c.GetString())
            .Should().Equal(ScenarioLoader.ErrorCodes);
        defs.GetProperty("refusableRequest").GetProperty("enum").EnumerateArray().Select(c => c.GetString())
            .Should().Equal(ScenarioLoader.RefusableRequests);
        defs.GetProperty("refusalCode").GetProperty("enum").EnumerateArray().Select(c => c.GetString())
            .Should().Equal(ScenarioLoader.RefusalCodes);
        defs.GetProperty("kind").GetProperty("enum").EnumerateArray().Select(c => c.GetString())
            .Should().Equal(ScenarioLoader.MessageKinds);
        defs.GetProperty("tamper").GetProperty("properties").GetProperty("tamper").GetProperty("properties").GetProperty("field")
            .GetProperty("enum").EnumerateArray().Select(c => c.GetString()).Should().Equal(ScenarioLoader.TamperFields);
    }

    private static string SchemaPath()
    {
        string copied = Path.Combine(AppContext.BaseDirectory, "Schema", "scenario.schema.json");
        if (System.IO.File.Exists(copied))
        {
            return copied;
        }

        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir, "E2eeConformance.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        dir.Should().NotBeNull("the tests run inside the repository");
        return Path.Combine(dir!, "src", "Scenarios", "Schema", "scenario.schema.json");
    }
}
