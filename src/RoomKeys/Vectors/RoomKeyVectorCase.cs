namespace E2eeConformance.RoomKeys.Vectors;

/// <summary>The outcome of one case of the room-key vector file: passed, or the fields that disagreed.</summary>
public sealed record RoomKeyVectorCase(string Case, IReadOnlyList<string> Disagreements)
{
    /// <summary>Whether every field agreed.</summary>
    public bool Passed => Disagreements.Count == 0;
}
