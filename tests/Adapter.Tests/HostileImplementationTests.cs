using E2eeConformance.Adapter.Tests.Support;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Adapter.Tests;

/// <summary>
/// A misbehaving implementation under test, through the runner: the run fails with the adapter's report in its reason
/// and transcript (never an untyped exception, never a hang), and an implementation that lacks a suite is unimplemented.
/// </summary>
public sealed class HostileImplementationTests
{
    [TestCase("hang-command", "adapter_timeout")]
    [TestCase("crash", "adapter_crashed")]
    [TestCase("bad-event", "adapter_protocol_error")]
    public void A_run_on_a_misbehaving_implementation_fails_with_the_adapters_report(string mode, string report)
    {
        ScenarioResult result = ScenarioRunner.Run(BuiltInCatalog.Find("hello-one2one")!, CipherSuite.Ecc, null, Hostile(mode));

        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.Reason.Should().StartWith(report);
        result.Transcript.Should().Contain($"hostile shim: {mode}", "the shim's stderr tail is in the transcript");
    }

    [Test]
    public void A_suite_the_implementation_does_not_offer_is_unimplemented()
    {
        ScenarioResult result = ScenarioRunner.Run(BuiltInCatalog.Find("hello-one2one")!, CipherSuite.Pqc, null, Hostile("hang-command"));

        result.Outcome.Should().Be(ScenarioOutcome.Unimplemented);
        result.Reason.Should().Contain("does not support the suite pqc");
    }

    private static DeviceImplementation Hostile(string mode) =>
        new("hostile", AdapterProtocol.DotnetHost(), [ShimWorld.HostileShim, mode], TimeSpan.FromSeconds(2));
}
