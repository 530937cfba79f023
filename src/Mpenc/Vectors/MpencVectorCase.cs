namespace E2eeConformance.Mpenc.Vectors;

/// <summary>The outcome of one case of the mpENC vector file: passed, or every field that disagreed (by its path).</summary>
public sealed record MpencVectorCase(string Case, IReadOnlyList<string> Disagreements)
{
    /// <summary>Whether every field agreed.</summary>
    public bool Passed => Disagreements.Count == 0;
}
