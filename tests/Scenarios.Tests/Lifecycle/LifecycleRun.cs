using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Lifecycle;

/// <summary>Runs a small YAML scenario with ECC (the lifecycle tests' shared helper).</summary>
internal static class LifecycleRun
{
    /// <summary>Users alice (1 device) and bob (2 devices), registered; <paramref name="steps"/> follow.</summary>
    public static ScenarioResult Steps(string steps) => Yaml("""
        name: lifecycle
        users: { alice: 1, bob: 2 }
        steps:
          - register: all

        """ + steps);

    /// <summary>Runs a whole scenario file's text.</summary>
    public static ScenarioResult Yaml(string yaml) => ScenarioRunner.Run(ScenarioLoader.Parse(yaml, "lifecycle.yaml"), CipherSuite.Ecc);
}
