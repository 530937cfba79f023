using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios;
using E2eeConformance.Scenarios.Implementations;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Adapter.Tests;

/// <summary>
/// The Python skeleton (implementations/python-skeleton.json) through the runner: it implements no protocol command,
/// so every catalog scenario must end <b>unimplemented</b> with the skeleton's reason — never failed, never a crash.
/// Needs <c>python3</c> on PATH; without it the test is skipped and says so.
/// </summary>
public sealed class SkeletonThroughTheRunnerTests
{
    [Test]
    public void Every_catalog_scenario_is_unimplemented_for_the_skeleton()
    {
        if (PythonSkeletonShimTests.FindOnPath("python3") is null)
        {
            Assert.Ignore("skipped: no python3 on PATH, so the Python skeleton shim (shims/python-skeleton/shim.py) was not run");
        }

        DeviceImplementation skeleton = ImplementationCatalog.Resolve("python-skeleton", AppContext.BaseDirectory, AppContext.BaseDirectory)!;
        var every = ImplementationAssignment.Every(skeleton);
        List<PlannedRun> plan = [.. BuiltInCatalog.Scenarios.SelectMany(s => ScenarioRunner.Plan(s, [CipherSuite.Ecc.Name])).Where(p => p.Skip is null)];
        List<ScenarioResult> results = [.. plan.Select(p => ScenarioRunner.Run(ScenarioRunner.ForImplementations(p, every, includeDisabled: false), null, every))];

        plan.Should().HaveCountGreaterThan(70, "nearly every catalog scenario runs with ecc");
        results.Should().OnlyContain(
            r => r.Outcome == ScenarioOutcome.Unimplemented && r.Implementation == "python-skeleton" && r.Reason.Contains("python-skeleton does not implement register", StringComparison.Ordinal),
            "the skeleton answers unimplemented to register, the first command of every scenario");
    }
}
