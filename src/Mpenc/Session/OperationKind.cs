namespace E2eeConformance.Mpenc.Session;

/// <summary>A membership operation (seed 003 §3.1, §5.2): the initial agreement, inclusion, exclusion (departure is an exclusion by the others) and key refresh.</summary>
public enum OperationKind
{
    /// <summary>The initial key agreement of a group (IKA, §5.2.1).</summary>
    Start = 1,

    /// <summary>Member inclusion (§5.2.1, §5.2.2).</summary>
    Include = 2,

    /// <summary>Member exclusion; a departure is one (§5.2.1).</summary>
    Exclude = 3,

    /// <summary>Key refresh (§5.2.1).</summary>
    Refresh = 4,
}

/// <summary>How transcripts name operations.</summary>
public static class OperationKinds
{
    /// <summary>An operation with its targets in words: "a group with bob, carol", "including dave", "excluding carol", "a key refresh".</summary>
    public static string Describe(OperationKind kind, IEnumerable<string> targets) => kind switch
    {
        OperationKind.Start => $"a group with {string.Join(", ", targets)}",
        OperationKind.Include => $"including {string.Join(", ", targets)}",
        OperationKind.Exclude => $"excluding {string.Join(", ", targets)}",
        _ => "a key refresh",
    };
}
