namespace E2eeConformance.Scenarios.Vectors;

/// <summary>The outcome of one vector case (STYLE #14).</summary>
public enum VectorOutcome
{
    Passed,
    Failed,

    /// <summary>The file or case is of a kind this engine does not check yet; counted apart from passed and failed.</summary>
    Unsupported,
}
