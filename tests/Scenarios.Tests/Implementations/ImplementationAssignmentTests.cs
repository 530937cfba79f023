using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Implementations;

/// <summary>Which implementation each user's devices are, and how results name it.</summary>
public sealed class ImplementationAssignmentTests
{
    private static readonly DeviceImplementation A = new("a", "a", [], TimeSpan.FromSeconds(1));
    private static readonly DeviceImplementation B = new("b", "b", [], TimeSpan.FromSeconds(1));

    [Test]
    public void Users_alternate_in_declaration_order_and_reversing_swaps_them()
    {
        var pairing = new ImplementationAssignment(A, B);

        pairing.ForUser(0).Should().BeSameAs(A);
        pairing.ForUser(1).Should().BeSameAs(B);
        pairing.ForUser(2).Should().BeSameAs(A);
        pairing.Reversed().ForUser(0).Should().BeSameAs(B);
        pairing.Label.Should().Be("a+b");
        pairing.Reversed().Label.Should().Be("b+a");
        pairing.Involved.Should().Equal(A, B);
    }

    [Test]
    public void The_engine_alone_has_an_empty_label_so_engine_results_read_as_before()
    {
        ImplementationAssignment.Engine.Label.Should().BeEmpty();
        ImplementationAssignment.Engine.IsEngineOnly.Should().BeTrue();
        ImplementationAssignment.Every(A).Label.Should().Be("a");
        new ImplementationAssignment(null, A).Label.Should().Be("engine+a");
    }

    [Test]
    public void A_config_disables_a_run_or_leaves_out_a_suite_it_does_not_list()
    {
        Model.Scenario scenario = BuiltInCatalog.Find("hello-one2one")!;
        PlannedRun ecc = ScenarioRunner.Plan(scenario, ["ecc"])[0];
        DeviceImplementation limited = A with { Suites = ["pqc"], Disabled = [new DisabledRun("hello-one2one", null, "not yet")] };
        DeviceImplementation disabling = A with { Disabled = [new DisabledRun("hello-one2one", "ecc", "not yet")] };

        ScenarioRunner.ForImplementations(ecc, ImplementationAssignment.Every(limited), includeDisabled: false)
            .Should().Match<PlannedRun>(p => p.Skip == ScenarioOutcome.Unimplemented && p.Reason.Contains("does not support the suite ecc"));
        ScenarioRunner.ForImplementations(ecc, new ImplementationAssignment(null, disabling), includeDisabled: false)
            .Should().Match<PlannedRun>(p => p.Skip == ScenarioOutcome.Disabled && p.Reason == "disabled for a: not yet");
        ScenarioRunner.ForImplementations(ecc, ImplementationAssignment.Every(disabling), includeDisabled: true).Skip.Should().BeNull();
        ScenarioRunner.ForImplementations(ecc, ImplementationAssignment.Engine, includeDisabled: false).Should().BeSameAs(ecc);
    }
}
