using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Fuzzing;

/// <summary>A generated scenario that failed, how, and (for the first failure of its kind) what shrinking it gave.</summary>
/// <param name="Index">The run's number in the campaign (0-based).</param>
/// <param name="Scenario">The generated scenario.</param>
/// <param name="Result">Its run's result.</param>
/// <param name="Signature">How it failed.</param>
public sealed record FuzzFailure(int Index, FuzzScenario Scenario, ScenarioResult Result, FailureSignature Signature)
{
    /// <summary>The shrink's result, when this failure was shrunk (the first of its signature).</summary>
    public ShrinkResult? Shrunk { get; init; }

    /// <summary>The file the shrunk scenario was written to, when it was.</summary>
    public string? File { get; init; }

    /// <summary>Whether the written file, read back from disk and run, failed the same way.</summary>
    public bool Reproduces { get; init; }

    /// <summary>One line: <c>run 12 (seed 54): fail at end of run: … </c>.</summary>
    public string Line => FormattableString.Invariant($"FAIL run {Index} (seed {Scenario.Seed}, {Scenario.Profile.Name()}): {Result.FailedStep}: {Result.Reason.Split('\n')[0]}");
}
