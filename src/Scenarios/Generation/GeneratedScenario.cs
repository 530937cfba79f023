using E2eeConformance.Scenarios.Model;

namespace E2eeConformance.Scenarios.Generation;

/// <summary>
/// A scenario a generator drew from a seed: the scenario object to run, the same scenario as YAML text (the replay
/// artifact: save it and run it with <c>e2ee-conformance run --file FILE --suite SUITE</c>), and what it was drawn from.
/// </summary>
/// <param name="Scenario">The scenario, as <see cref="Loading.ScenarioLoader"/> reads <paramref name="Yaml"/>.</param>
/// <param name="Yaml">The scenario file's text.</param>
/// <param name="Seed">The generator seed (also the scenario's own run seed).</param>
/// <param name="Operations">The operation mix the steps were drawn from.</param>
public sealed record GeneratedScenario(Scenario Scenario, string Yaml, ulong Seed, ConvergenceOperations Operations)
{
    /// <summary>A file name for the replay artifact, e.g. <c>convergence-all-42.yaml</c>.</summary>
    public string FileName => Scenario.Name + ".yaml";
}
