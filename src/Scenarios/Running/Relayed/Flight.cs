namespace E2eeConformance.Scenarios.Running.Relayed;

/// <summary>
/// One server delivery on its way to one device, in a family whose runner keeps its own in-flight list (sender keys,
/// room keys): the server order, who it is from, its kind and, for an application message, the scenario's name of
/// it; and what the network steps did to it (held, delayed, duplicated, an adversary's copy).
/// </summary>
internal abstract class Flight(long sequence, string to, string from, string kind, string? label)
{
    public long Sequence { get; } = sequence;

    public string To { get; } = to;

    public string From { get; } = from;

    public string Kind { get; } = kind;

    /// <summary>The <c>as</c> name of the send this message carries, or null (protocol traffic).</summary>
    public string? Label { get; } = label;

    public bool Held { get; set; }

    public int DelayedUntilStep { get; set; }

    public int Duplicates { get; set; }

    /// <summary>A copy an adversary made (a replay or a tampered copy), not the server's own delivery.</summary>
    public bool Forged { get; init; }

    /// <summary>How the transcript names it: <c>group m1 alice/1 -> bob/1</c>.</summary>
    public override string ToString() => $"{Kind}{(Label is null ? "" : " " + Label)} {From} -> {To}";
}
