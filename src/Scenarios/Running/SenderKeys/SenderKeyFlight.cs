using E2eeConformance.Scenarios.Running.Relayed;
using E2eeConformance.SenderKeys.Relay;

namespace E2eeConformance.Scenarios.Running.SenderKeys;

/// <summary>
/// One relay delivery on its way to one device (the sender-key family's in-flight message): the server order, who it
/// is from, its kind and, for an application message, the scenario's name of it.
/// </summary>
internal sealed class SenderKeyFlight(long sequence, string to, string from, string kind, string? label, RelayDelivery delivery) : Flight(sequence, to, from, kind, label)
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

    public RelayDelivery Delivery { get; } = delivery;
}
