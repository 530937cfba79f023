using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Fuzzing;

/// <summary>
/// Runs generated scenarios in process as a scenario file runs: the YAML text is read back by the normal loader, then
/// run by <see cref="ScenarioRunner"/> with the invariants, the engine in process for every device, and the optional
/// test double's <see cref="DeliveryInterceptor"/>.
/// </summary>
/// <param name="suite">The suite every run uses.</param>
/// <param name="interceptor">A test double's seam on deliveries; null for the real engine.</param>
public sealed class FuzzExecutor(CipherSuite suite, DeliveryInterceptor? interceptor = null)
{
    /// <summary>The suite every run uses.</summary>
    public CipherSuite Suite { get; } = suite ?? throw new ArgumentNullException(nameof(suite));

    /// <summary>The test double's seam, or null.</summary>
    public DeliveryInterceptor? Interceptor { get; } = interceptor;

    /// <summary>Runs the scenario's text; null when the loader rejects it (a shrinking candidate that is no scenario).</summary>
    public ScenarioResult? Run(FuzzScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        try
        {
            return Run(scenario.Load());
        }
        catch (ScenarioFormatException)
        {
            return null;
        }
    }

    /// <summary>Runs a loaded scenario (its own seed).</summary>
    public ScenarioResult Run(Model.Scenario scenario) =>
        ScenarioRunner.Run(scenario, Suite, null, ImplementationAssignment.Engine, Interceptor);
}
