using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Model;

namespace E2eeConformance.Scenarios.Running;

/// <summary>
/// Runs scenarios: one scenario × one suite × one seed per call, each on a fresh in-memory server with fresh devices.
/// Which suites apply: the scenario's list (all suites when empty); the slow SLH-DSA suite only for scenarios tagged
/// <see cref="SmallTag"/> (about 1.7 s per signature here); an unknown suite name is "unimplemented".
/// </summary>
public static class ScenarioRunner
{
    /// <summary>The tag that lets a scenario run with the slow SLH-DSA suite.</summary>
    public const string SmallTag = "small";

    /// <summary>Why the SLH-DSA suite skips a scenario without the <see cref="SmallTag"/> tag.</summary>
    public const string SlowSuiteReason = "SLH-DSA-SHA2-256s signs in about 1.7 s here; this suite runs only the scenarios tagged 'small'";

    /// <summary>Suites too slow for the whole catalog.</summary>
    public static bool IsSlow(CipherSuite suite) => suite == CipherSuite.MlKem1024SlhDsa256s;

    /// <summary>The seed a run uses: the command line's, else the scenario's, else <see cref="Scenario.DefaultSeed"/>.</summary>
    public static ulong SeedFor(Scenario scenario, ulong? seed) => seed ?? scenario.Seed ?? Scenario.DefaultSeed;

    /// <summary>
    /// The runs a scenario asks for among <paramref name="suites"/> (every named suite when null): each with the suite
    /// (null when the name is not implemented) and, when it is not to run, the outcome and reason.
    /// </summary>
    public static IReadOnlyList<PlannedRun> Plan(Scenario scenario, IReadOnlyList<string>? suites = null) => Plan(scenario, suites, includeDisabled: false);

    /// <summary>
    /// As <see cref="Plan(Scenario, IReadOnlyList{string}?)"/>; with <paramref name="includeDisabled"/> the runs that
    /// are disabled by default (a scenario's <c>disabled</c> reason, the slow suite for a scenario not tagged
    /// <see cref="SmallTag"/>) run too. Unimplemented suites stay unimplemented.
    /// </summary>
    public static IReadOnlyList<PlannedRun> Plan(Scenario scenario, IReadOnlyList<string>? suites, bool includeDisabled)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        IEnumerable<string> wanted = scenario.Suites.Count > 0 ? scenario.Suites : CipherSuite.Named.Select(s => s.Name);
        if (suites is not null)
        {
            wanted = wanted.Where(w => suites.Contains(w, StringComparer.OrdinalIgnoreCase) || (CipherSuite.TryParse(w, out CipherSuite? s) && suites.Contains(s.Name, StringComparer.OrdinalIgnoreCase)));
        }

        List<PlannedRun> runs = [];
        foreach (string name in wanted)
        {
            if (!CipherSuite.TryParse(name, out CipherSuite? suite))
            {
                runs.Add(new PlannedRun(scenario, name, null, ScenarioOutcome.Unimplemented, $"the suite {name} is not implemented (implemented: {string.Join(", ", CipherSuite.Named.Select(s => s.Name))})"));
            }
            else if (includeDisabled)
            {
                runs.Add(new PlannedRun(scenario, suite.Name, suite, null, ""));
            }
            else if (scenario.Disabled is { } reason)
            {
                runs.Add(new PlannedRun(scenario, suite.Name, suite, ScenarioOutcome.Disabled, reason));
            }
            else if (IsSlow(suite) && scenario.Suites.Count == 0 && !scenario.Tags.Contains(SmallTag, StringComparer.Ordinal))
            {
                runs.Add(new PlannedRun(scenario, suite.Name, suite, ScenarioOutcome.Disabled, SlowSuiteReason));
            }
            else
            {
                runs.Add(new PlannedRun(scenario, suite.Name, suite, null, ""));
            }
        }

        return runs;
    }

    /// <summary>Runs one scenario with one suite; <paramref name="seed"/> overrides the scenario's own.</summary>
    public static ScenarioResult Run(Scenario scenario, CipherSuite suite, ulong? seed = null) => Run(scenario, suite, seed, null);

    /// <summary>
    /// Runs one scenario with one suite, every device a process of <paramref name="implementation"/> (docs/ADAPTER.md),
    /// or the engine in process when it is null.
    /// </summary>
    public static ScenarioResult Run(Scenario scenario, CipherSuite suite, ulong? seed, DeviceImplementation? implementation)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(suite);
        using var run = new ScenarioRun(scenario, suite, SeedFor(scenario, seed), implementation);
        return run.Execute();
    }

    /// <summary>Carries out a planned run (or reports why it does not run).</summary>
    public static ScenarioResult Run(PlannedRun planned, ulong? seed = null, DeviceImplementation? implementation = null)
    {
        ArgumentNullException.ThrowIfNull(planned);
        return planned.Skip is not null || planned.Suite is null
            ? new ScenarioResult(planned.Scenario.Name, planned.SuiteName, SeedFor(planned.Scenario, seed), planned.Skip ?? ScenarioOutcome.Unimplemented, planned.Reason, "", "", [], TimeSpan.Zero, planned.Scenario.Tags, planned.Scenario.Description) { SourceFile = planned.Scenario.SourceFile }
            : Run(planned.Scenario, planned.Suite, seed, implementation);
    }
}

/// <summary>One scenario × suite of a plan: <see cref="Skip"/> is set when it is not to run (unimplemented or disabled).</summary>
public sealed record PlannedRun(Scenario Scenario, string SuiteName, CipherSuite? Suite, ScenarioOutcome? Skip, string Reason);
