using System.Diagnostics;
using System.Globalization;
using System.Text;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Generation;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Generation;

/// <summary>
/// Runs generated convergence scenarios over a range of seeds and describes every failure with its seed, the reason,
/// the generated YAML (written to a file) and the command that replays it.
/// </summary>
internal static class ConvergenceSweep
{
    /// <summary>The outcome of a sweep: how many seeds ran, how long it took, and a report per failing seed.</summary>
    public sealed record Outcome(int Seeds, TimeSpan Elapsed, IReadOnlyList<string> Failures);

    /// <summary>Runs seeds <paramref name="first"/> … first+count-1 of the mix with the suite.</summary>
    public static Outcome Run(ConvergenceOperations operations, string suiteName, ulong first, int count)
    {
        CipherSuite.TryParse(suiteName, out CipherSuite? suite).Should().BeTrue();
        var generator = new ConvergenceScenarioGenerator(operations);
        List<string> failures = [];
        var watch = Stopwatch.StartNew();
        for (ulong seed = first; seed < first + (ulong)count; seed++)
        {
            GeneratedScenario generated = generator.Generate(seed);
            ScenarioResult result = ScenarioRunner.Run(generated.Scenario, suite!);
            if (!result.Passed)
            {
                failures.Add(Describe(generated, result, suite!.Name));
            }
        }

        return new Outcome(count, watch.Elapsed, failures);
    }

    /// <summary>Seed, failure, replay command and the scenario's text, for the test output.</summary>
    public static string Describe(GeneratedScenario generated, ScenarioResult result, string suite)
    {
        string path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "convergence-failures", generated.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, generated.Yaml);
        return new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"seed {generated.Seed} ({ConvergenceScenarioGenerator.MixName(generated.Operations)}, {suite}): {result.FailedStep}: {result.Reason}\n")
            .Append(CultureInfo.InvariantCulture, $"  replay: dotnet run --project src/Cli -- replay --file {path} --suite {suite}\n")
            .Append("  scenario:\n    ")
            .Append(generated.Yaml.TrimEnd().Replace("\n", "\n    ", StringComparison.Ordinal))
            .ToString();
    }

    /// <summary>A count from an environment variable, else the default.</summary>
    public static int Count(string variable, int fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
