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
