using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running.Families;

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
    public static IReadOnlyList<PlannedRun> Plan(Scenario scenario, IReadOnlyList<string>? suites, bool includeDisabled) =>
        Plan(scenario, suites, includeDisabled, null);

    /// <summary>
    /// As <see cref="Plan(Scenario, IReadOnlyList{string}?, bool)"/>, on each protocol family the scenario names
    /// (docs/PROTOCOL-FAMILIES.md) among <paramref name="protocols"/> (every one when null), each with its own suites: the
    /// scenario's <c>suites</c> that are the family's, or all of the family's when it names none of them. A family not
    /// implemented plans one unimplemented run.
    /// </summary>
    public static IReadOnlyList<PlannedRun> Plan(Scenario scenario, IReadOnlyList<string>? suites, bool includeDisabled, IReadOnlyList<string>? protocols)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        List<PlannedRun> runs = [];
        foreach (string protocol in scenario.Protocols.Where(p => protocols is null || protocols.Contains(p, StringComparer.Ordinal)))
        {
            if (ProtocolFamilies.Find(protocol) is not { } family)
            {
                runs.Add(new PlannedRun(scenario, protocol, null, ScenarioOutcome.Unimplemented, $"the protocol {protocol} is not implemented (implemented: {string.Join(", ", ProtocolFamilies.Names)})") { Protocol = protocol });
                continue;
            }

            // A family runs the named suites that are its own; a name no family owns (unimplemented) counts for the first family only.
            bool first = string.Equals(protocol, scenario.Protocols[0], StringComparison.Ordinal);
            List<string> named = [.. scenario.Suites.Where(n => OwnerOf(n) is { } owner ? owner == family : first)];
            bool explicitSuites = named.Count > 0;
            IEnumerable<string> wanted = explicitSuites ? named : family.Suites;
            if (suites is not null)
            {
                wanted = wanted.Where(w => suites.Contains(w, StringComparer.OrdinalIgnoreCase) || (CipherSuite.TryParse(w, out CipherSuite? s) && suites.Contains(s.Name, StringComparer.OrdinalIgnoreCase)));
            }

            runs.AddRange(family.Name == Scenario.DefaultProtocol
                ? PlanE2eeSecurity(scenario, wanted, explicitSuites, includeDisabled)
                : wanted.Select(name => PlanFamily(scenario, family, name, includeDisabled)));
        }

        return runs;
    }

    /// <summary>The family of a suite name or 0x pack id, or null when no family has it.</summary>
    private static IProtocolFamily? OwnerOf(string suite) =>
        ProtocolFamilies.OwnerOfSuite(suite) ?? (CipherSuite.TryParse(suite, out _) ? ProtocolFamilies.Find(Scenario.DefaultProtocol) : null);

    private static PlannedRun PlanFamily(Scenario scenario, IProtocolFamily family, string suite, bool includeDisabled)
    {
        string? own = family.Suites.FirstOrDefault(s => string.Equals(s, suite, StringComparison.OrdinalIgnoreCase));
        PlannedRun run = own is null
            ? new PlannedRun(scenario, suite, null, ScenarioOutcome.Unimplemented, $"the suite {suite} is not implemented in {family.Name} (implemented: {string.Join(", ", family.Suites)})")
            : !includeDisabled && scenario.Disabled is { } reason
                ? new PlannedRun(scenario, own, null, ScenarioOutcome.Disabled, reason)
                : new PlannedRun(scenario, own, null, null, "");
        return run with { Protocol = family.Name };
    }

    private static List<PlannedRun> PlanE2eeSecurity(Scenario scenario, IEnumerable<string> wanted, bool explicitSuites, bool includeDisabled)
    {
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
            else if (IsSlow(suite) && !explicitSuites && !scenario.Tags.Contains(SmallTag, StringComparer.Ordinal))
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
    public static ScenarioResult Run(Scenario scenario, CipherSuite suite, ulong? seed = null) => Run(scenario, suite, seed, ImplementationAssignment.Engine);

    /// <summary>
    /// Runs one scenario with one suite, every device a process of <paramref name="implementation"/> (docs/ADAPTER.md),
    /// or the engine in process when it is null.
    /// </summary>
    public static ScenarioResult Run(Scenario scenario, CipherSuite suite, ulong? seed, DeviceImplementation? implementation) =>
        Run(scenario, suite, seed, ImplementationAssignment.Every(implementation));

    /// <summary>
    /// Runs one scenario with one suite, each device the implementation <paramref name="implementations"/> assigns it;
    /// the result names the assignment (<see cref="ScenarioResult.Implementation"/>) and, when it fails, the known
    /// deviations of the implementations involved that list the scenario.
    /// </summary>
    public static ScenarioResult Run(Scenario scenario, CipherSuite suite, ulong? seed, ImplementationAssignment implementations) =>
        Run(scenario, suite, seed, implementations, null);

    /// <summary>
    /// As <see cref="Run(Scenario, CipherSuite, ulong?, ImplementationAssignment)"/>, every delivery to a device passing
    /// through <paramref name="interceptor"/> first (a test double's seam: <see cref="DeliveryInterceptor"/>; null: none,
    /// the ordinary run).
    /// </summary>
    public static ScenarioResult Run(Scenario scenario, CipherSuite suite, ulong? seed, ImplementationAssignment implementations, DeliveryInterceptor? interceptor)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(implementations);
        if (!scenario.Protocols.Contains(Scenario.DefaultProtocol, StringComparer.Ordinal))
        {
            // The loader checked the file for its own families only: E2EE Security steps would mean something else here.
            return Skipped(new PlannedRun(scenario, suite.Name, suite, ScenarioOutcome.Unimplemented, $"the scenario is of {string.Join(", ", scenario.Protocols)}, not {Scenario.DefaultProtocol}"), seed, implementations);
        }

        using var run = new ScenarioRun(scenario, suite, SeedFor(scenario, seed), implementations, interceptor);
        return Annotate(run.Execute(), implementations);
    }

    /// <summary>Carries out a planned run (or reports why it does not run).</summary>
    public static ScenarioResult Run(PlannedRun planned, ulong? seed = null, DeviceImplementation? implementation = null) =>
        Run(planned, seed, ImplementationAssignment.Every(implementation));

    /// <summary>Carries out a planned run with each device the implementation <paramref name="implementations"/> assigns it (or reports why it does not run).</summary>
    public static ScenarioResult Run(PlannedRun planned, ulong? seed, ImplementationAssignment implementations)
    {
        ArgumentNullException.ThrowIfNull(planned);
        ArgumentNullException.ThrowIfNull(implementations);
        if (planned.Skip is null && planned.Protocol != Scenario.DefaultProtocol && ProtocolFamilies.Find(planned.Protocol) is { } family)
        {
            return implementations.Involved.OfType<DeviceImplementation>().Any()
                ? Skipped(planned with { Skip = ScenarioOutcome.Unimplemented, Reason = $"implementations under test speak {Scenario.DefaultProtocol} only (docs/ADAPTER.md); {planned.Protocol} runs its own devices" }, seed, implementations)
                : family.Run(planned.Scenario, planned.SuiteName, SeedFor(planned.Scenario, seed));
        }

        return planned.Skip is not null || planned.Suite is null
            ? Skipped(planned, seed, implementations)
            : Run(planned.Scenario, planned.Suite, seed, implementations);
    }

    private static ScenarioResult Skipped(PlannedRun planned, ulong? seed, ImplementationAssignment implementations) =>
        new(planned.Scenario.Name, planned.SuiteName, SeedFor(planned.Scenario, seed), planned.Skip ?? ScenarioOutcome.Unimplemented, planned.Reason, "", "", [], TimeSpan.Zero, planned.Scenario.Tags, planned.Scenario.Description)
        {
            SourceFile = planned.Scenario.SourceFile,
            Implementation = implementations.Label,
            Protocol = planned.Protocol,
        };

    /// <summary>
    /// <paramref name="planned"/> as the configs of <paramref name="implementations"/> leave it: disabled when a config
    /// disables the scenario with that suite (unless <paramref name="includeDisabled"/>), unimplemented when a config
    /// does not list the suite; otherwise unchanged.
    /// </summary>
    public static PlannedRun ForImplementations(PlannedRun planned, ImplementationAssignment implementations, bool includeDisabled)
    {
        ArgumentNullException.ThrowIfNull(planned);
        ArgumentNullException.ThrowIfNull(implementations);
        if (planned.Skip is not null)
        {
            return planned;
        }

        foreach (DeviceImplementation implementation in implementations.Involved.OfType<DeviceImplementation>())
        {
            if (planned.Protocol != Scenario.DefaultProtocol)
            {
                return planned with { Skip = ScenarioOutcome.Unimplemented, Reason = $"{implementation.Name} speaks {Scenario.DefaultProtocol} only; {planned.Protocol} runs its own devices" };
            }

            if (!implementation.Supports(planned.SuiteName))
            {
                return planned with { Skip = ScenarioOutcome.Unimplemented, Reason = $"{implementation.Name} does not support the suite {planned.SuiteName} (its config)" };
            }

            if (!includeDisabled && implementation.DisabledReason(planned.Scenario.Name, planned.SuiteName) is { } reason)
            {
                return planned with { Skip = ScenarioOutcome.Disabled, Reason = $"disabled for {implementation.Name}: {reason}" };
            }
        }

        return planned;
    }

    /// <summary>The result named by its assignment; a failure also names the known deviations that explain it.</summary>
    private static ScenarioResult Annotate(ScenarioResult result, ImplementationAssignment implementations)
    {
        result = result with { Implementation = implementations.Label };
        if (result.Outcome != ScenarioOutcome.Fail)
        {
            return result;
        }

        List<string> known = [.. implementations.Involved.OfType<DeviceImplementation>()
            .SelectMany(i => i.DeviationsShownBy(result.Scenario).Select(d => KnownDeviationText(i, d)))];
        return known.Count == 0 ? result : result with { Reason = result.Reason + "\n" + string.Join("\n", known) };
    }

    /// <summary>How a failure names a known deviation: <c>known deviation of NAME: DEVIATION (behaviour B): what it does</c>.</summary>
    public static string KnownDeviationText(DeviceImplementation implementation, KnownDeviation deviation)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        ArgumentNullException.ThrowIfNull(deviation);
        return $"{KnownDeviationPrefix}{implementation.Name}: {deviation.Name}"
            + (deviation.Behaviour.Length > 0 ? $" (behaviour {deviation.Behaviour})" : "")
            + $": {deviation.Description}";
    }

    /// <summary>How a line of a failure's reason naming a known deviation begins.</summary>
    public const string KnownDeviationPrefix = "known deviation of ";
}

/// <summary>One scenario × suite of a plan: <see cref="Skip"/> is set when it is not to run (unimplemented or disabled).</summary>
public sealed record PlannedRun(Scenario Scenario, string SuiteName, CipherSuite? Suite, ScenarioOutcome? Skip, string Reason)
{
    /// <summary>The protocol family of the run (<see cref="Scenario.Protocols"/>); <see cref="Suite"/> is set for E2EE Security only.</summary>
    public string Protocol { get; init; } = Scenario.DefaultProtocol;
}
