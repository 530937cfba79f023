namespace E2eeConformance.Vectors;

/// <summary>One checked case of a vector file: its name, outcome, and for a failure every field that disagreed.</summary>
public sealed record VectorCaseResult(string File, string Case, VectorOutcome Outcome, IReadOnlyList<string> Details)
{
    /// <summary>The stable word that starts the case's output line: PASS, FAIL, UNSUPPORTED or NOT-CHECKABLE.</summary>
    public string Word => Outcome switch
    {
        VectorOutcome.Passed => "PASS",
        VectorOutcome.Unsupported => "UNSUPPORTED",
        VectorOutcome.NotCheckable => "NOT-CHECKABLE",
        _ => "FAIL",
    };

    /// <summary>One output line: the word, the file, the case and (unless passed) the details.</summary>
    public string Line => Outcome == VectorOutcome.Passed
        ? $"{Word} {File} {Case}"
        : $"{Word} {File} {Case}: {string.Join("; ", Details)}";
}
