namespace E2eeConformance.Vectors;

/// <summary>The outcome of one vector case (STYLE #14).</summary>
public enum VectorOutcome
{
    /// <summary>Every field the case compares agrees with the engine.</summary>
    Passed,

    /// <summary>At least one field disagrees, or the engine refused the recorded input; the details name each field.</summary>
    Failed,

    /// <summary>The file or case is of a kind this engine does not check yet; counted apart from passed and failed.</summary>
    Unsupported,

    /// <summary>
    /// The file lacks what the check needs (a send position neither delivered nor listed as undelivered, so the sender
    /// state of the later messages of that chain cannot be replayed). Neither a pass nor a failure; counted apart.
    /// </summary>
    NotCheckable,
}
