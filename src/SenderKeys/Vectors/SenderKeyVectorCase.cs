namespace E2eeConformance.SenderKeys.Vectors;

/// <summary>The outcome of one case of a sender-key vector file: passed, or the fields that disagreed.</summary>
public sealed record SenderKeyVectorCase(string Case, IReadOnlyList<string> Disagreements)
{
    /// <summary>Whether every field agreed.</summary>
    public bool Passed => Disagreements.Count == 0;
}
