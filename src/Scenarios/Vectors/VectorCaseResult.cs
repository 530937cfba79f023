namespace E2eeConformance.Scenarios.Vectors;

/// <summary>One checked case of a vector file: its name, outcome, and for a failure every field that disagreed.</summary>
public sealed record VectorCaseResult(string File, string Case, VectorOutcome Outcome, IReadOnlyList<string> Details)
{
    public string Line => Outcome switch
    {
        VectorOutcome.Passed => $"PASS {File} {Case}",
        VectorOutcome.Unsupported => $"UNSUPPORTED {File} {Case}: {string.Join("; ", Details)}",
        _ => $"FAIL {File} {Case}: {string.Join("; ", Details)}",
    };
}
