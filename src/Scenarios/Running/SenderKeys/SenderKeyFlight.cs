using E2eeConformance.SenderKeys.Relay;

namespace E2eeConformance.Scenarios.Running.SenderKeys;

/// <summary>
/// One relay delivery on its way to one device (the sender-key family's in-flight message): the server order, who it
/// is from, its kind and, for an application message, the scenario's name of it.
/// </summary>
internal sealed class SenderKeyFlight(long sequence, string to, string from, string kind, string? label, RelayDelivery delivery)
{
    /// <summary>The kinds a selector's <c>kind</c> may name in this family.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [One2One, Group, SenderKey, Membership, Discovery, Refusal];

    /// <summary>A direct text (a pairwise message carrying a text).</summary>
    public const string One2One = "one2one";

    /// <summary>A group text (one encryption under the sender's sender key).</summary>
    public const string Group = "group";

    /// <summary>A sender key handed to one member device over the pairwise channel.</summary>
    public const string SenderKey = "sender_key";

    /// <summary>The relay's membership notice of a group.</summary>
    public const string Membership = "membership";

    /// <summary>The relay's answer to a public-key discovery.</summary>
    public const string Discovery = "discovery";

    /// <summary>The relay's refusal of a request.</summary>
    public const string Refusal = "refused";

    public long Sequence { get; } = sequence;

    public string To { get; } = to;

    public string From { get; } = from;

    public string Kind { get; } = kind;

    /// <summary>The <c>as</c> name of the send this message carries, or null (protocol traffic).</summary>
    public string? Label { get; } = label;

    public RelayDelivery Delivery { get; } = delivery;

    public bool Held { get; set; }

    public int DelayedUntilStep { get; set; }

    public int Duplicates { get; set; }

    /// <summary>A copy an adversary made (a replay or a tampered copy), not the relay's own delivery.</summary>
    public bool Forged { get; init; }

    /// <summary>How the transcript names it: <c>group m1 alice/1 -> bob/1</c>.</summary>
    public override string ToString() => $"{Kind}{(Label is null ? "" : " " + Label)} {From} -> {To}";
}
