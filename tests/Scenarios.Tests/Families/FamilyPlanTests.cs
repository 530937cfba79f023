using E2eeConformance.Scenarios.Implementations;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Reports;
using E2eeConformance.Scenarios.Running;
using E2eeConformance.Scenarios.Running.Families;

namespace E2eeConformance.Scenarios.Tests.Families;

/// <summary>Issue 15 §1: the family axis of plans, results and reports.</summary>
public sealed class FamilyPlanTests
{
    private static Scenario Shared => BuiltInCatalog.Find("group-remove-member")!;

    [Test]
    public void Families_have_unique_names_and_suites()
    {
        ProtocolFamilies.Names.Should().Equal("e2ee-security", "sender-keys", "room-keys", "mpenc");
        ProtocolFamilies.All.SelectMany(f => f.Suites).Select(s => s.ToUpperInvariant()).Should().OnlyHaveUniqueItems();
        ProtocolFamilies.OwnerOfSuite("P256")!.Name.Should().Be("sender-keys");
        ProtocolFamilies.OwnerOfSuite("ecc")!.Name.Should().Be("e2ee-security");
        ProtocolFamilies.OwnerOfSuite("RSA-OAEP")!.Name.Should().Be("room-keys");
        ProtocolFamilies.OwnerOfSuite("x25519")!.Name.Should().Be("mpenc");
    }

    [Test]
    public void A_shared_scenario_plans_a_run_on_every_family_it_names_and_the_filters_cut_it()
    {
        IReadOnlyList<PlannedRun> plan = ScenarioRunner.Plan(Shared);
        plan.Where(p => p.Protocol == "sender-keys").Select(p => p.SuiteName).Should().Equal("p256");
        plan.Where(p => p.Protocol == "e2ee-security").Select(p => p.SuiteName).Should().Contain(["ecc", "pqc"]);
        ScenarioRunner.Plan(Shared, null, false, ["sender-keys"]).Should().ContainSingle().Which.Suite.Should().BeNull();
        ScenarioRunner.Plan(Shared, ["ecc"], false).Should().ContainSingle().Which.Protocol.Should().Be("e2ee-security");
        ScenarioRunner.Plan(Shared, ["p256"], false).Should().ContainSingle().Which.Protocol.Should().Be("sender-keys");
    }

    [Test]
    public void A_scenario_naming_suites_of_one_family_keeps_every_suite_of_the_other()
    {
        Scenario scenario = Shared with { Suites = ["pqc"] };
        ScenarioRunner.Plan(scenario).Select(p => (p.Protocol, p.SuiteName)).Should().Equal(("e2ee-security", "pqc"), ("sender-keys", "p256"), ("mpenc", "x25519"));
        ScenarioRunner.Plan(Shared with { Suites = ["p999"] }).Select(p => (p.Protocol, p.SuiteName, p.Skip))
            .Should().Equal(("e2ee-security", "p999", ScenarioOutcome.Unimplemented), ("sender-keys", "p256", null), ("mpenc", "x25519", null));
    }

    [Test]
    public void A_disabled_sender_key_scenario_is_disabled_and_an_implementation_under_test_does_not_run_it()
    {
        PlannedRun disabled = ScenarioRunner.Plan(Shared with { Disabled = "for the test" }, null, false, ["sender-keys"]).Single();
        disabled.Skip.Should().Be(ScenarioOutcome.Disabled);
        ScenarioRunner.Run(disabled).Protocol.Should().Be("sender-keys");

        PlannedRun run = ScenarioRunner.Plan(Shared, null, false, ["sender-keys"]).Single();
        var shim = ImplementationAssignment.Every(ImplementationCatalog.Resolve("shim", AppContext.BaseDirectory, AppContext.BaseDirectory)!);
        ScenarioRunner.ForImplementations(run, shim, includeDisabled: false).Skip.Should().Be(ScenarioOutcome.Unimplemented);
        ScenarioResult result = ScenarioRunner.Run(run, null, shim);
        result.Outcome.Should().Be(ScenarioOutcome.Unimplemented);
        result.Reason.Should().Contain("speak e2ee-security only");
    }

    [Test]
    public void Results_files_and_reports_carry_the_family()
    {
        ScenarioResult sk = ScenarioRunner.Run(ScenarioRunner.Plan(Shared, null, false, ["sender-keys"]).Single());
        ScenarioResult ecc = ScenarioRunner.Run(ScenarioRunner.Plan(Shared, ["ecc"], false).Single());
        var summary = new RunSummary([ecc, sk], null, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1));

        string markdown = MarkdownReport.Render(summary);
        markdown.Should().Contain("## Protocol families").And.Contain("| sender-keys | 1 |").And.Contain("| Scenario | ecc | sender-keys/p256 |")
            .And.Contain("1 scenario(s) ran on more than one family");
        MarkdownReport.Render(new RunSummary([ecc], null, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1))).Should().NotContain("## Protocol families", "one family has no axis to show");
        HtmlReport.Render(summary).Should().Contain("<table class=\"totals families\">").And.Contain("<tr><td>sender-keys</td><td>1</td>").And.Contain(">sender-keys/p256<");

        var document = new ResultsFileDocument(new ResultsFileRun(null, false, 1, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1), "1.0", null, 2, []), [new(0, ecc, null), new(1, sk, null)]);
        using var stream = new MemoryStream();
        ResultsFile.Write(document, stream);
        string json = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        ResultsFile.Parse(json, "results.json").Records.Select(r => r.Result.Protocol).Should().Equal("e2ee-security", "sender-keys");
        json.Should().Contain("\"protocol\": \"sender-keys\"").And.NotContain("\"protocol\": \"e2ee-security\"", "the default family is left out, as files before families had it");
    }
}
