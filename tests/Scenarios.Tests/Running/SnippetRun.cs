using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Running;

/// <summary>Runs a scenario written as a few YAML lines: the users, then the steps after <c>register: all</c>.</summary>
internal static class SnippetRun
{
    /// <summary>Parses <c>name: t</c>, <paramref name="users"/> (a flow mapping), <c>register: all</c> and <paramref name="steps"/>, and runs it with <paramref name="suite"/>.</summary>
    public static ScenarioResult Run(string users, string steps, string suite = "ecc")
    {
        Scenario scenario = ScenarioLoader.Parse($"name: t\nusers: {users}\nsteps:\n  - register: all\n" + steps, "t.yaml");
        CipherSuite.TryParse(suite, out CipherSuite? parsed).Should().BeTrue();
        return ScenarioRunner.Run(scenario, parsed!);
    }
}
