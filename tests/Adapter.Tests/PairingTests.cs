using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios;
using E2eeConformance.Scenarios.Implementations;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Adapter.Tests;

/// <summary>
/// <c>--pair engine,shim</c> (issue 13 §2): the users alternate between our engine in process and our engine's shim,
/// both ways round. Each direction must end as the run in process does, transcript for transcript — every message
/// crosses from one implementation to the other.
/// </summary>
public sealed class PairingTests
{
    private static readonly string[] Sample = ["hello-one2one", "crossed-invites", "group-basic", "multi-device-fanout"];

    private static DeviceImplementation Shim => ImplementationCatalog.Resolve("shim", AppContext.BaseDirectory, AppContext.BaseDirectory)!;

    private static IEnumerable<TestCaseData> Cases() =>
        from name in Sample
        from reversed in new[] { false, true }
        select new TestCaseData(name, reversed).SetName($"A_pairing_ends_as_in_process({name}, {(reversed ? "shim+engine" : "engine+shim")})");

    [TestCaseSource(nameof(Cases))]
    public void A_pairing_ends_as_in_process(string name, bool reversed)
    {
        Scenario scenario = BuiltInCatalog.Find(name)!;
        var pairing = new ImplementationAssignment(null, Shim);
        if (reversed)
        {
            pairing = pairing.Reversed();
        }

        ScenarioResult inProcess = ScenarioRunner.Run(scenario, CipherSuite.Ecc, null, ImplementationAssignment.Engine);
        ScenarioResult paired = ScenarioRunner.Run(scenario, CipherSuite.Ecc, null, pairing);

        paired.Implementation.Should().Be(reversed ? "shim+engine" : "engine+shim");
        paired.Column.Should().Be($"ecc @ {paired.Implementation}");
        paired.Outcome.Should().Be(ScenarioOutcome.Pass, paired.Reason);
        paired.Transcript.Should().Be(inProcess.Transcript);
        inProcess.Implementation.Should().BeEmpty();
    }
}
