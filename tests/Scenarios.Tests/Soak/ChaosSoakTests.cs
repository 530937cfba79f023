using System.Globalization;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Soak;

/// <summary>
/// Opt-in soak (category "Soak", left out of a plain <c>dotnet test</c> by the project's default filter; run with <c>dotnet test --filter TestCategory=Soak</c>, seeds from <c>SOAK_SEEDS</c>,
/// default 200): the chaos scenarios with many seeds. The default test run covers one seed per scenario through the
/// catalog tests; the command does the same for any seed (<c>run --scenario chaos-conversation --seed random</c>).
/// </summary>
[Category("Soak")]
public sealed class ChaosSoakTests
{
    [TestCase("chaos-conversation", "ecc")]
    [TestCase("chaos-conversation", "pqc")]
    [TestCase("chaos-membership", "ecc")]
    [TestCase("chaos-membership", "mlkem512-mldsa44")]
    [TestCase("lossy-network", "ecc")]
    public void Every_seed_passes(string scenario, string suite)
    {
        int seeds = int.Parse(Environment.GetEnvironmentVariable("SOAK_SEEDS") ?? "200", CultureInfo.InvariantCulture);
        CipherSuite.TryParse(suite, out CipherSuite? s).Should().BeTrue();
        List<string> failures = [];
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
        {
            ScenarioResult result = ScenarioRunner.Run(BuiltInCatalog.Find(scenario)!, s!, seed);
            if (!result.Passed)
            {
                failures.Add($"seed {seed}: {result.FailedStep}: {result.Reason}");
            }
        }

        failures.Should().BeEmpty();
    }
}
