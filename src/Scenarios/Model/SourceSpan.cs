namespace E2eeConformance.Scenarios.Model;

/// <summary>Where something was written: a scenario file (or "fluent" for the C# API), line and column (1-based).</summary>
public sealed record SourceSpan(string File, int Line, int Column)
{
    /// <summary>No position (line 0).</summary>
    public static SourceSpan None { get; } = new("", 0, 0);

    /// <summary><c>file:line:column</c>, or the file alone when there is no line.</summary>
    public override string ToString() => Line == 0 ? File : $"{File}:{Line}:{Column}";
}
