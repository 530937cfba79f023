using E2eeConformance.Scenarios.Conformance;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Conformance;

/// <summary>The behaviours a conformance report judges, and how it judges them.</summary>
public sealed class ConformanceReportTests
{
    private static readonly Behaviour ChainLimit = new("chain-limit", "at most 512 per chain", "seed 000 §Session", ["chain-limit-513"], []);
    private static readonly Behaviour Groups = new("groups", "group texts", "seed 000 §Group message", [], ["group"]);
    private static readonly Behaviour Renewal = new("renewal", "pre-keys", "seed 000", ["signed-pre-key-renewal"], []);

    [Test]
    public void Every_catalog_scenario_checks_a_behaviour_and_every_named_scenario_exists()
    {
        IReadOnlyList<Behaviour> behaviours = BehaviourCatalog.All;

        behaviours.Select(b => b.Id).Should().OnlyHaveUniqueItems();
        behaviours.SelectMany(b => b.Scenarios).Should().OnlyContain(s => BuiltInCatalog.Find(s) != null);
        foreach (Model.Scenario scenario in BuiltInCatalog.Scenarios)
        {
            foreach (string protocol in scenario.Protocols)
            {
                ScenarioResult run = Result(scenario.Name, ScenarioOutcome.Pass) with { Tags = scenario.Tags, Protocol = protocol };
                behaviours.Should().Contain(b => b.IsCheckedBy(run), $"{scenario.Name} must check a behaviour of Conformance/behaviours.json on {protocol}");
            }
        }

        behaviours.Should().OnlyContain(b => Scenarios.Running.Families.ProtocolFamilies.Find(b.Protocol) != null);
    }

    [Test]
    public void A_failure_is_a_deviation_with_its_evidence_and_the_known_deviation_it_names()
    {
        ScenarioResult failed = Result("chain-limit-513", ScenarioOutcome.Fail, "deviant") with
        {
            Reason = "alice/1 has 1 session, expected 2\nknown deviation of deviant: no-chain-limit (behaviour chain-limit): never renews",
            FailedStep = "step 3 (line 12): expect state",
        };
        ScenarioResult[] results = [failed, Result("group-basic", ScenarioOutcome.Pass, "deviant") with { Tags = ["group"] }];

        ImplementationConformance judged = ImplementationConformance.Judge(results, [ChainLimit, Groups, Renewal]).Should().ContainSingle().Subject;

        judged.Implementation.Should().Be("deviant");
        judged.Behaviours.Select(b => b.Verdict).Should().Equal(Verdict.Deviates, Verdict.Meets, Verdict.NotShown);
        ConformanceEvidence evidence = judged.Behaviours[0].Evidence.Should().ContainSingle().Subject;
        evidence.Reason.Should().Be("alice/1 has 1 session, expected 2");
        evidence.KnownDeviations.Should().ContainSingle().Which.Should().Contain("no-chain-limit");
        judged.Deviates.Should().BeTrue();

        string md = ConformanceMarkdown.Render([judged]);
        md.Should().Contain("## deviant").And.Contain("| chain-limit: at most 512 per chain | **deviates** | 0 |")
            .And.Contain("- `chain-limit-513` × `ecc`, step 3 (line 12): expect state: alice/1 has 1 session, expected 2")
            .And.Contain("known deviation of deviant: no-chain-limit")
            .And.Contain("- renewal: no scenario of the results checks it");
        ConformanceMarkdown.SummaryLine(judged).Should().Be("deviant: 3 behaviours: 1 met, 1 deviated, 1 not shown (2 runs)");
    }

    [Test]
    public void A_failure_no_known_deviation_names_says_so_and_one_outside_every_behaviour_is_kept()
    {
        ScenarioResult[] results =
        [
            Result("chain-limit-513", ScenarioOutcome.Fail) with { Reason = "lost m513" },
            Result("my-own-scenario", ScenarioOutcome.Fail) with { Reason = "boom" },
            Result("signed-pre-key-renewal", ScenarioOutcome.Unimplemented) with { Reason = "x does not implement tick" },
        ];

        ImplementationConformance judged = ImplementationConformance.Judge(results, [ChainLimit, Renewal]).Single();

        judged.Implementation.Should().Be("engine", "an empty implementation is the engine in process");
        judged.Unclaimed.Should().ContainSingle().Which.Scenario.Should().Be("my-own-scenario");
        judged.Behaviours[1].Verdict.Should().Be(Verdict.NotShown);
        string md = ConformanceMarkdown.Render([judged]);
        md.Should().Contain("no known deviation of the implementation's config names this scenario")
            .And.Contain("### Failures outside the behaviours")
            .And.Contain("- renewal: x does not implement tick");
    }

    [Test]
    public void Implementations_and_pairings_are_judged_apart()
    {
        ScenarioResult[] results = [Result("chain-limit-513", ScenarioOutcome.Pass, "a"), Result("chain-limit-513", ScenarioOutcome.Fail, "a+b")];

        ImplementationConformance.Judge(results, [ChainLimit]).Select(j => (j.Implementation, j.Deviates)).Should().Equal(("a", false), ("a+b", true));
    }

    private static ScenarioResult Result(string scenario, ScenarioOutcome outcome, string implementation = "") =>
        new(scenario, "ecc", 1, outcome, "", "", "", [], TimeSpan.Zero, [], "") { Implementation = implementation };
}
