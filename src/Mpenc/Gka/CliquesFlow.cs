namespace E2eeConformance.Mpenc.Gka;

/// <summary>Whether a flow goes on to the next participant (upflow) or to everyone (downflow).</summary>
public enum CliquesFlowKind
{
    /// <summary>To the participant after the sender; the list grows by one (seed 003 §5.2.1 "Upflow").</summary>
    Upflow = 1,

    /// <summary>To every participant; one intermediate key each (§5.2.1 "Downflow").</summary>
    Downflow = 2,
}

/// <summary>
/// A group key agreement message (seed 003 §5.2.1; the GKA part of a greeting packet, §5.2.3): the ordered participants
/// and the intermediate keys. In an upflow of k keys the next participant is the k-th (keys 1 … k − 1 each lack one
/// earlier participant's contribution, the last — the cardinal key — lacks none); in a downflow key i lacks exactly
/// participant i's contribution.
/// </summary>
public sealed record CliquesFlow(CliquesFlowKind Kind, IReadOnlyList<string> Members, IReadOnlyList<byte[]> IntermediateKeys)
{
    /// <summary>The participant an upflow goes to next (the k-th of k keys); null for a downflow or a malformed upflow.</summary>
    public string? Next => Kind == CliquesFlowKind.Upflow && Members is { } members && IntermediateKeys is { Count: >= 2 } keys && keys.Count <= members.Count ? members[keys.Count - 1] : null;
}
