using E2eeConformance.Scenarios.Running.Relayed;
using E2eeConformance.SenderKeys.Groups;

namespace E2eeConformance.Scenarios.Running.SenderKeys;

/// <summary>
/// What a sender-key run knows of its application messages: each send by name, how its ciphertexts are recognised
/// (a pairwise message by sender, recipient and counter; a group message by group, sender, key id and counter), who was
/// to get it, who read it and with which text, and the errors devices reported.
/// </summary>
internal sealed class SenderKeyLedger : RelayLedger
{
    /// <summary>The name of the text a pairwise message carries.</summary>
    public Dictionary<(string Sender, string Recipient, ulong Counter), string> PairwiseNames { get; } = [];

    /// <summary>The name of the text a group message carries.</summary>
    public Dictionary<(string Group, string Sender, uint KeyId, ulong Counter), string> GroupNames { get; } = [];

    /// <summary>The group message of a group send, by name.</summary>
    public Dictionary<string, GroupMessage> GroupMessages { get; } = new(StringComparer.Ordinal);

    /// <summary>The name of a pairwise message's text, or null (a sender key, or a message the run did not make).</summary>
    public string? NameOf(string sender, string recipient, ulong counter) => PairwiseNames.GetValueOrDefault((sender, recipient, counter));

    /// <summary>The name of a group message's text, or null.</summary>
    public string? NameOf(GroupMessage message) => GroupNames.GetValueOrDefault((message.Group, message.Sender, message.KeyId, message.Counter));
}
