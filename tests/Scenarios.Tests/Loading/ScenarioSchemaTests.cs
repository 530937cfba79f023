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

    /// <summary>Issue 14 §1's bulk and lifecycle forms in one valid file.</summary>
    private const string Lifecycle = """
        name: lifecycle-twin
        users: { alice: 1, u: { count: 3, devices: 2 } }
        steps:
          - register: all
          - add_user: { user: dave, devices: 2 }
          - offline: u1/2
          - send: { from: alice, to: dave, text: "hi", as: m1 }
          - deliver: all
            cost: { max_key_derivations: 100, max_ms_cpu: 60000 }
          - online: u1
          - expect:
              - received: { by: [dave, u1/1], message: m1 }
              - state: { device: [dave/1, dave/2], sessions: { at_least: 1 }, skipped_keys: { between: [0, 2] } }
              - server: { pending_for: dave/1, count: { at_most: 0 } }
              - error: { at: all, code: bad_tag, count: { at_most: 0 } }
              - no_errors: [alice, dave]
        """;

    /// <summary>Issue 14 §1's server forgeries, interception and the event expectation in one valid file.</summary>
    private const string Forgeries = """
        name: forgeries-twin
        users: { alice: 1, bob: 1, mallory: 1 }
        steps:
          - register: all
          - server: { fake_heartbeat: { to: all, time: +30d } }
          - server: { fake_heartbeat: { to: bob/1, time: 1750000000000 } }
          - server: { forge_user_update: { to: alice, of: bob, name: Robert } }
          - server: { substitute_bundle: { of: bob, with: mallory } }
          - server: { intercept: { of: bob/1, by: mallory/1 } }
          - send: { from: alice, to: bob, text: "hi", as: m1 }
          - deliver: all
          - expect:
              - event: { at: [alice, bob/1], kind: heartbeat, count: { at_least: 1 } }
              - event: { at: alice/1, kind: user_updated, of: bob, name: Robert }
              - received: { by: mallory, message: m1 }
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

    public static IEnumerable<TestCaseData> LifecycleTwins =>
    [
        LifecycleTwin("a bulk count of 0", "count: 3, devices", "count: 0, devices"),
        LifecycleTwin("a bulk count over 1000", "count: 3, devices", "count: 1001, devices"),
        LifecycleTwin("an empty cost", "cost: { max_key_derivations: 100, max_ms_cpu: 60000 }", "cost: {}"),
        LifecycleTwin("an unknown cost key", "max_ms_cpu: 60000 }", "max_ms_cpu: 60000, max_bytes: 1 }"),
        LifecycleTwin("a cost of 0 ms", "max_ms_cpu: 60000", "max_ms_cpu: 0"),
        LifecycleTwin("two range keys", "{ at_least: 1 }", "{ at_least: 1, at_most: 3 }"),
        LifecycleTwin("a range of one bound", "[0, 2]", "[2]"),
        LifecycleTwin("a negative range bound", "{ at_most: 0 } }", "{ at_most: -1 } }"),
        LifecycleTwin("an unknown range key", "{ at_least: 1 }", "{ exactly: 1 }"),
        LifecycleTwin("an empty by list", "by: [dave, u1/1]", "by: []"),
        LifecycleTwin("add_user with too many devices", "user: dave, devices: 2", "user: dave, devices: 65"),
        LifecycleTwin("an offline list", "offline: u1/2", "offline: [u1/2]"),
    ];

    public static IEnumerable<TestCaseData> ForgeryTwins =>
    [
        ForgeryTwin("a heartbeat time without a sign", "time: +30d", "time: 30d"),
        ForgeryTwin("a negative absolute heartbeat time", "time: 1750000000000", "time: -1750000000000"),
        ForgeryTwin("a heartbeat without its time", ", time: +30d", string.Empty),
        ForgeryTwin("a forged update without a name", ", name: Robert } }", " } }"),
        ForgeryTwin("an interceptor that is a user", "by: mallory/1", "by: mallory"),
        ForgeryTwin("an unknown event kind", "kind: heartbeat", "kind: typing"),
        ForgeryTwin("an unknown key in an event", "kind: user_updated, of: bob", "kind: user_updated, colour: red, of: bob"),
    ];

    [Test]
    public void The_forgery_forms_are_accepted_by_the_schema_and_by_the_loader()
    {
        SchemaErrors(Forgeries).Should().BeEmpty();
        ScenarioLoader.Parse(Forgeries, "twin.yaml").Steps.Should().HaveCount(9);
    }

    [TestCaseSource(nameof(ForgeryTwins))]
    public void A_forgery_file_one_edit_away_from_valid_is_rejected_by_the_schema_and_by_the_loader(string yaml) =>
        A_file_one_edit_away_from_valid_is_rejected_by_the_schema_and_by_the_loader(yaml);

    [Test]
    public void The_lifecycle_forms_are_accepted_by_the_schema_and_by_the_loader()
    {
        SchemaErrors(Lifecycle).Should().BeEmpty();
        ScenarioLoader.Parse(Lifecycle, "twin.yaml").Users.Should().HaveCount(4);
    }

    [TestCaseSource(nameof(LifecycleTwins))]
    public void A_lifecycle_file_one_edit_away_from_valid_is_rejected_by_the_schema_and_by_the_loader(string yaml) =>
        A_file_one_edit_away_from_valid_is_rejected_by_the_schema_and_by_the_loader(yaml);

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

    private static TestCaseData LifecycleTwin(string what, string find, string replaceWith)
    {
        Lifecycle.Should().Contain(find, "the twin of '{0}' must change the valid file", what);
        return new TestCaseData(Lifecycle.Replace(find, replaceWith, StringComparison.Ordinal))
            .SetName($"A lifecycle file with {what} is rejected by the schema and by the loader");
    }

    private static TestCaseData ForgeryTwin(string what, string find, string replaceWith)
    {
        Forgeries.Should().Contain(find, "the twin of '{0}' must change the valid file", what);
        return new TestCaseData(Forgeries.Replace(find, replaceWith, StringComparison.Ordinal))
            .SetName($"A forgery file with {what} is rejected by the schema and by the loader");
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
