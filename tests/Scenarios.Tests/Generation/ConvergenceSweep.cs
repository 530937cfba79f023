using System.Collections.Concurrent;
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

    /// <summary>
    /// Runs seeds <paramref name="first"/> … first+count-1 of the mix with the suite, on every core (each seed is its own
    /// world: generator, server, devices); the failures are reported in seed order.
    /// </summary>
    public static Outcome Run(ConvergenceOperations operations, string suiteName, ulong first, int count)
    {
        CipherSuite.TryParse(suiteName, out CipherSuite? suite).Should().BeTrue();
        string directory = FailureDirectory();
        var failures = new ConcurrentBag<(ulong Seed, string Report)>();
        var watch = Stopwatch.StartNew();
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            ulong seed = first + (ulong)i;
            GeneratedScenario generated = new ConvergenceScenarioGenerator(operations).Generate(seed);
            ScenarioResult result = ScenarioRunner.Run(generated.Scenario, suite!);
            if (!result.Passed)
            {
                failures.Add((seed, Describe(generated, result, suite!.Name, directory)));
            }
        });

        return new Outcome(count, watch.Elapsed, [.. failures.OrderBy(f => f.Seed).Select(f => f.Report)]);
    }

    /// <summary>Seed, failure, replay command and the scenario's text, for the test output.</summary>
    public static string Describe(GeneratedScenario generated, ScenarioResult result, string suite, string? directory = null)
    {
        directory ??= FailureDirectory();
        string path = Path.Combine(directory, generated.FileName);
        Directory.CreateDirectory(directory);
        File.WriteAllText(path, generated.Yaml);
        return new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"seed {generated.Seed} ({ConvergenceScenarioGenerator.MixName(generated.Operations)}, {suite}): {result.FailedStep}: {result.Reason}\n")
            .Append(CultureInfo.InvariantCulture, $"  replay: dotnet run --project src/Cli -- replay --file {path} --suite {suite}\n")
            .Append("  scenario:\n    ")
            .Append(generated.Yaml.TrimEnd().Replace("\n", "\n    ", StringComparison.Ordinal))
            .ToString();
    }

    /// <summary>Where the failing seeds' scenarios are written (read on the test's thread: NUnit's context is per thread).</summary>
    private static string FailureDirectory() => Path.Combine(TestContext.CurrentContext.WorkDirectory, "convergence-failures");

    /// <summary>A count from an environment variable, else the default.</summary>
    public static int Count(string variable, int fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
