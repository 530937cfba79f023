using E2eeConformance.Scenarios.Loading;
using E2eeConformance.TestSupport;
using Json.Schema;

namespace E2eeConformance.Scenarios.Tests.Loading;

/// <summary>
/// The scenario format is defined once: every catalog file, read as JSON, is valid against
/// <c>src/Scenarios/Schema/scenario.schema.json</c> (JsonSchema.Net, draft 2020-12), and files one edit away from a
/// valid one — an unknown step, an unknown key, a value of the wrong type — are rejected by the schema and by the loader
/// alike. A step or key the loader learns without the schema (or the reverse) fails here.
/// </summary>
[TestFixture]
public sealed class ScenarioSchemaTests
{
    private const string Valid = """
        name: schema-twin
        seed: 7
        users: { alice: 1, bob: 2 }
        steps:
          - register: [alice, bob]
          - send: { from: alice, to: bob, text: "hi", as: m1 }
          - deliver: all
          - expect: { received: { by: bob, message: m1 } }
        """;

    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(
        File.ReadAllText(Path.Combine(SharedPaths.RepoRoot, "src", "Scenarios", "Schema", "scenario.schema.json"))));

    private static readonly EvaluationOptions ListErrors = new() { OutputFormat = OutputFormat.List };

    public static IEnumerable<TestCaseData> CatalogFiles =>
        BuiltInCatalog.FileNames.Select(name => new TestCaseData(name).SetName($"Catalog file {name} is valid against the scenario schema"));

    public static IEnumerable<TestCaseData> NegativeTwins =>
    [
        Twin("an unknown step keyword", "  - deliver: all", "  - deliverr: all"),
        Twin("an unknown key inside a step", "as: m1 }", "as: m1, colour: red }"),
        Twin("an unknown expectation", "{ received: { by: bob", "{ recieved: { by: bob"),
        Twin("an unknown top-level key", "seed: 7", "seed: 7\nflavour: vanilla"),
        Twin("a device count that is not a number", "bob: 2", "bob: two"),
        Twin("a seed that is not a number", "seed: 7", "seed: seven"),
        Twin("a message name that is a list", "as: m1 }", "as: [m1] }"),
        Twin("a text that is a mapping", "text: \"hi\"", "text: { hi: there }"),
        Twin("a send without its text", "text: \"hi\", ", string.Empty),
    ];

    [TestCaseSource(nameof(CatalogFiles))]
    public void Every_catalog_file_is_valid_against_the_scenario_schema(string fileName)
    {
        IReadOnlyList<string> errors = SchemaErrors(BuiltInCatalog.Text(fileName));

        errors.Should().BeEmpty("{0} is loaded by the loader, so the schema must accept it too", fileName);
    }

    [Test]
    public void The_catalog_checked_against_the_schema_is_the_whole_built_in_catalog()
    {
        BuiltInCatalog.FileNames.Should().HaveCount(BuiltInCatalog.Scenarios.Count).And.HaveCountGreaterThan(40);
    }

    [Test]
    public void The_valid_twin_is_accepted_by_the_schema_and_by_the_loader()
    {
        SchemaErrors(Valid).Should().BeEmpty();
        ScenarioLoader.Parse(Valid, "twin.yaml").Name.Should().Be("schema-twin");
    }

    [TestCaseSource(nameof(NegativeTwins))]
    public void A_file_one_edit_away_from_valid_is_rejected_by_the_schema_and_by_the_loader(string yaml)
    {
        SchemaErrors(yaml).Should().NotBeEmpty("the schema must reject it");
        FluentActions.Invoking(() => ScenarioLoader.Parse(yaml, "twin.yaml"))
            .Should().Throw<ScenarioFormatException>("the loader must reject it as the schema does");
    }

    private static TestCaseData Twin(string what, string find, string replaceWith)
    {
        Valid.Should().Contain(find, "the twin of '{0}' must change the valid file", what);
        return new TestCaseData(Valid.Replace(find, replaceWith, StringComparison.Ordinal))
            .SetName($"A file with {what} is rejected by the schema and by the loader");
    }

    private static IReadOnlyList<string> SchemaErrors(string yaml)
    {
        EvaluationResults results = Schema.Value.Evaluate(YamlToJson.Convert(yaml), ListErrors);
        if (results.IsValid)
        {
            return [];
        }

        List<string> errors =
        [
            .. (results.Details ?? [])
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")),
        ];
        return errors.Count > 0 ? errors : ["invalid (no details)"];
    }
}
