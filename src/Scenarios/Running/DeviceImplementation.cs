namespace E2eeConformance.Scenarios.Running;

/// <summary>
/// An implementation under test (docs/ADAPTER.md): every device assigned to it is one process of its shim, driven over
/// the adapter protocol. A run without one uses the engine in process. Usually read from an implementation config
/// (<see cref="Implementations.ImplementationConfig"/>, docs/IMPLEMENTATIONS.md).
/// </summary>
/// <param name="Name">How reports name it (e.g. <c>shim</c>).</param>
/// <param name="Program">The program to start.</param>
/// <param name="Arguments">Its arguments.</param>
/// <param name="Timeout">How long one command may take before the shim is reported as <c>adapter_timeout</c>.</param>
public sealed record DeviceImplementation(string Name, string Program, IReadOnlyList<string> Arguments, TimeSpan Timeout)
{
    /// <summary>The name of the engine in process, which is not a <see cref="DeviceImplementation"/> (null stands for it).</summary>
    public const string EngineName = "engine";

    /// <summary>The suites it supports according to its config; null: whatever its shim's hello lists.</summary>
    public IReadOnlyList<string>? Suites { get; init; }

    /// <summary>Its error names mapped to the harness's <c>ProtocolErrorCode</c> names (applied to its failure events).</summary>
    public IReadOnlyDictionary<string, string> ErrorNames { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The scenario runs its config disables, each with the reason.</summary>
    public IReadOnlyList<DisabledRun> Disabled { get; init; } = [];

    /// <summary>The deviations from the whitepaper it is known for, each with the scenarios that show it.</summary>
    public IReadOnlyList<KnownDeviation> Deviations { get; init; } = [];

    /// <summary>Whether its config allows <paramref name="suite"/> (a config without <c>suites</c> allows every one; the shim's hello decides).</summary>
    public bool Supports(string suite) => Suites is null || Suites.Contains(suite, StringComparer.Ordinal);

    /// <summary>Why its config disables <paramref name="scenario"/> with <paramref name="suite"/>, or null when it does not.</summary>
    public string? DisabledReason(string scenario, string suite) =>
        Disabled.FirstOrDefault(d => d.Matches(scenario, suite))?.Reason;

    /// <summary>The known deviations that list <paramref name="scenario"/>.</summary>
    public IEnumerable<KnownDeviation> DeviationsShownBy(string scenario) =>
        Deviations.Where(d => d.Scenarios.Contains(scenario, StringComparer.Ordinal));
}

/// <summary>A scenario (with one suite, or every suite) an implementation's config disables, and why.</summary>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Suite">The suite, or null for every suite.</param>
/// <param name="Reason">Why (shown as the run's reason).</param>
public sealed record DisabledRun(string Scenario, string? Suite, string Reason)
{
    /// <summary>Whether this entry disables <paramref name="scenario"/> with <paramref name="suite"/>.</summary>
    public bool Matches(string scenario, string suite) =>
        string.Equals(Scenario, scenario, StringComparison.Ordinal) && (Suite is null || string.Equals(Suite, suite, StringComparison.Ordinal));
}

/// <summary>A deviation from the whitepaper an implementation is known for.</summary>
/// <param name="Name">Its stable name (e.g. <c>no-chain-limit</c>).</param>
/// <param name="Behaviour">The behaviour of the conformance catalog it departs from (e.g. <c>chain-limit</c>), or empty.</param>
/// <param name="Description">What the implementation does instead.</param>
/// <param name="Scenarios">The catalog scenarios expected to fail because of it.</param>
public sealed record KnownDeviation(string Name, string Behaviour, string Description, IReadOnlyList<string> Scenarios);
