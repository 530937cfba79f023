using E2eeConformance.Scenarios.Implementations;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Implementations;

/// <summary>Implementation configs (docs/IMPLEMENTATIONS.md): every field read, every bad one refused with its code and the field's name.</summary>
public sealed class ImplementationConfigTests
{
    private const string Harness = "/opt/harness";
    private const string ConfigDir = "/home/me/impls";

    private static DeviceImplementation Parse(string json) => ImplementationConfig.Parse(json, "my.json", ConfigDir, Harness);

    [Test]
    public void A_full_config_is_read_field_by_field_with_its_placeholders_filled()
    {
        DeviceImplementation impl = Parse("""
            {
              "format": "e2ee-conformance/implementation-v1",
              "name": "libfoo",
              "description": "a C client",
              "command": ["{config_dir}/shim", "--store-mode", "{harness}/x"],
              "suites": ["ecc"],
              "timeout_seconds": 12.5,
              "error_names": { "ERR_MAC": "bad_tag", "ERR_OLD": "replay" },
              "disabled": [ { "scenario": "group-100-members", "reason": "too slow" }, { "scenario": "chain-limit-513", "suite": "ecc", "reason": "later" } ],
              "deviations": [ { "name": "no-limit", "behaviour": "chain-limit", "description": "never renews", "scenarios": ["chain-limit-513"] } ]
            }
            """);

        impl.Name.Should().Be("libfoo");
        impl.Program.Should().Be("/home/me/impls/shim");
        impl.Arguments.Should().Equal("--store-mode", "/opt/harness/x");
        impl.Suites.Should().Equal("ecc");
        impl.Timeout.Should().Be(TimeSpan.FromSeconds(12.5));
        impl.ErrorNames.Should().Contain("ERR_MAC", "bad_tag").And.HaveCount(2);
        impl.DisabledReason("group-100-members", "pqc").Should().Be("too slow");
        impl.DisabledReason("chain-limit-513", "ecc").Should().Be("later");
        impl.DisabledReason("chain-limit-513", "pqc").Should().BeNull();
        impl.DeviationsShownBy("chain-limit-513").Should().ContainSingle().Which.Behaviour.Should().Be("chain-limit");
        impl.DeviationsShownBy("hello-one2one").Should().BeEmpty();
    }

    [Test]
    public void A_minimal_config_has_the_defaults()
    {
        DeviceImplementation impl = Parse("""{ "name": "x", "command": ["prog"] }""");

        impl.Timeout.Should().Be(ImplementationConfig.DefaultTimeout);
        impl.Suites.Should().BeNull("the shim's hello decides");
        impl.ErrorNames.Should().BeEmpty();
        impl.Disabled.Should().BeEmpty();
        impl.Deviations.Should().BeEmpty();
        impl.Arguments.Should().BeEmpty();
    }

    [TestCase("not json", "not JSON")]
    [TestCase("[1]", "must be a JSON object")]
    [TestCase("""{ "command": ["p"] }""", "'name' is required")]
    [TestCase("""{ "name": "Upper", "command": ["p"] }""", "name 'Upper'")]
    [TestCase("""{ "name": "engine", "command": ["p"] }""", "not 'engine'")]
    [TestCase("""{ "name": "x" }""", "'command' is required")]
    [TestCase("""{ "name": "x", "command": [] }""", "command must name a program")]
    [TestCase("""{ "name": "x", "command": "prog" }""", "'command' must be a list of strings")]
    [TestCase("""{ "name": "x", "command": ["{home}/p"] }""", "unknown placeholder {home}")]
    [TestCase("""{ "name": "x", "command": ["p"], "suites": ["rsa"] }""", "suites: 'rsa'")]
    [TestCase("""{ "name": "x", "command": ["p"], "timeout_seconds": 0 }""", "timeout_seconds")]
    [TestCase("""{ "name": "x", "command": ["p"], "timeout_seconds": 1e9 }""", "timeout_seconds")]
    [TestCase("""{ "name": "x", "command": ["p"], "timeout_seconds": "5" }""", "timeout_seconds")]
    [TestCase("""{ "name": "x", "command": ["p"], "error_names": { "E": "no_such_code" } }""", "error_names.E")]
    [TestCase("""{ "name": "x", "command": ["p"], "error_names": ["bad_tag"] }""", "error_names must be an object")]
    [TestCase("""{ "name": "x", "command": ["p"], "disabled": [ { "scenario": "s" } ] }""", "disabled[0]: 'reason' is required")]
    [TestCase("""{ "name": "x", "command": ["p"], "disabled": [ { "scenario": "s", "reason": "r", "suite": "rsa" } ] }""", "disabled[0].suite")]
    [TestCase("""{ "name": "x", "command": ["p"], "disabled": [ { "scenario": "s", "reason": "r", "why": "" } ] }""", "disabled[0]: unknown field 'why'")]
    [TestCase("""{ "name": "x", "command": ["p"], "deviations": [ { "name": "d", "description": "x" } ] }""", "deviations[0]: 'scenarios' is required")]
    [TestCase("""{ "name": "x", "command": ["p"], "comand": ["p"] }""", "unknown field 'comand'")]
    [TestCase("""{ "format": "v9", "name": "x", "command": ["p"] }""", "format 'v9'")]
    public void A_bad_config_is_refused_with_its_code_and_the_field(string json, string message)
    {
        Action parse = () => Parse(json);

        parse.Should().Throw<ImplementationConfigException>()
            .Where(e => e.Code == ImplementationConfigException.InvalidCode && e.Message.StartsWith("my.json: ", StringComparison.Ordinal))
            .WithMessage($"*{message}*");
    }

    [Test]
    public void A_missing_file_is_not_found()
    {
        Action load = () => ImplementationConfig.Load(Path.Combine(Path.GetTempPath(), $"absent-{Guid.NewGuid():N}.json"), Harness);

        load.Should().Throw<ImplementationConfigException>().Where(e => e.Code == ImplementationConfigException.NotFoundCode);
    }
}
