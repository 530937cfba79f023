using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios;
using E2eeConformance.Scenarios.Implementations;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Adapter.Tests;

/// <summary>
/// The catalog with every device out of process (docs/ADAPTER.md): a scenario run through our engine's shim must end
/// as it does in process, with the same transcript, line for line. CI runs a sample; the whole catalog with ECC and PQC
/// is the opt-in category <c>Shim</c>. The sample includes a refused request, group managers and a retried message's
/// failure, which travel over the adapter as additive fields. A scenario that copies a device's state (an adversary) is
/// unimplemented through a shim, with the reason.
/// </summary>
public sealed class CatalogThroughShimTests
{
    private static readonly string[] Sample = ["hello-one2one", "burst-reordered", "skipped-keys-gap-then-fill", "ping-pong-interleaved", "compromise-post-compromise-security", "group-only-manager-cannot-leave", "group-held-message-fails-on-retry", "server-substitutes-a-bundle", "observing-adversary-after-a-group-add"];

    private static DeviceImplementation Shim => ImplementationCatalog.Resolve("shim", AppContext.BaseDirectory, AppContext.BaseDirectory)!;

    private static IEnumerable<TestCaseData> SampleCases() =>
        Sample.Select(name => new TestCaseData(name, "ecc").SetName($"A_scenario_through_the_shim_ends_as_in_process({name}, ecc)"));

    private static IEnumerable<TestCaseData> CatalogCases() =>
        from suite in new[] { "ecc", "pqc" }
        from scenario in BuiltInCatalog.Scenarios
        select new TestCaseData(scenario.Name, suite).SetName($"The_catalog_through_the_shim_ends_as_in_process({scenario.Name}, {suite})");

    [TestCaseSource(nameof(SampleCases))]
    public void A_scenario_through_the_shim_ends_as_in_process(string name, string suite) => Compare(name, suite);

    [TestCaseSource(nameof(CatalogCases))]
    [Category("Shim")]
    [Explicit("the whole catalog through the shim: dotnet test tests/Adapter.Tests --filter TestCategory=Shim")]
    public void The_catalog_through_the_shim_ends_as_in_process(string name, string suite) => Compare(name, suite);

    private static void Compare(string name, string suite)
    {
        Scenario scenario = BuiltInCatalog.Find(name) ?? throw new InvalidOperationException($"no scenario {name}");
        CipherSuite.TryParse(suite, out CipherSuite? parsed).Should().BeTrue();

        ScenarioResult inProcess = ScenarioRunner.Run(scenario, parsed!, null, ImplementationAssignment.Engine);
        ScenarioResult throughShim = ScenarioRunner.Run(scenario, parsed!, null, Shim);

        if (throughShim.Outcome == ScenarioOutcome.Unimplemented)
        {
            Assert.Ignore($"unimplemented through a shim: {throughShim.Reason}");
        }

        throughShim.Outcome.Should().Be(inProcess.Outcome, throughShim.Reason);
        throughShim.Transcript.Should().Be(inProcess.Transcript);
    }
}
