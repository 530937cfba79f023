namespace E2eeConformance.Scenarios.Running;

/// <summary>A whole run: every scenario × suite result in run order, the seed option, and the wall time.</summary>
/// <param name="Results">Every result, in the order they ran (scenario order, then suite order).</param>
/// <param name="Seed">The seed given on the command line, or null when each scenario used its own (or the default) seed.</param>
/// <param name="Started">When the run started (reports only; never part of a transcript).</param>
/// <param name="Duration">Wall time of the whole run.</param>
public sealed record RunSummary(IReadOnlyList<ScenarioResult> Results, ulong? Seed, DateTimeOffset Started, TimeSpan Duration)
{
    /// <summary>How many results have <paramref name="outcome"/>.</summary>
    public int Count(ScenarioOutcome outcome) => Results.Count(r => r.Outcome == outcome);

    /// <summary>Whether any result is a <see cref="ScenarioOutcome.Fail"/>.</summary>
    public bool AnyFailed => Results.Any(r => r.Outcome == ScenarioOutcome.Fail);
}
