namespace E2eeConformance.Scenarios.Conformance;

/// <summary>What a conformance report says of one behaviour for one implementation.</summary>
public enum Verdict
{
    /// <summary>Every run that checks it and ran passed.</summary>
    Meets,

    /// <summary>A run that checks it failed: the implementation deviates (the evidence names the runs).</summary>
    Deviates,

    /// <summary>No run that checks it ran (unimplemented, disabled, or not in the results).</summary>
    NotShown,
}
