using E2eeConformance.SenderKeys.Groups;

namespace E2eeConformance.Scenarios.Running.SenderKeys;

/// <summary>
/// What a sender-key run knows of its application messages: each send by name, how its ciphertexts are recognised
/// (a pairwise message by sender, recipient and counter; a group message by group, sender, key id and counter), who was
/// to get it, who read it and with which text, and the errors devices reported.
/// </summary>
internal sealed class SenderKeyLedger
{
    /// <summary>The sends by name (the <c>as</c> of a send step).</summary>
    public Dictionary<string, SentText> Sent { get; } = new(StringComparer.Ordinal);

    /// <summary>The name of the text a pairwise message carries.</summary>
    public Dictionary<(string Sender, string Recipient, ulong Counter), string> PairwiseNames { get; } = [];

    /// <summary>The name of the text a group message carries.</summary>
    public Dictionary<(string Group, string Sender, uint KeyId, ulong Counter), string> GroupNames { get; } = [];

    /// <summary>The group message of a group send, by name.</summary>
    public Dictionary<string, GroupMessage> GroupMessages { get; } = new(StringComparer.Ordinal);

    /// <summary>The texts devices read, by device and message name.</summary>
    public Dictionary<(string Device, string Message), byte[]> Reads { get; } = [];

    /// <summary>The devices the relay queued each message for (the recipients the end of the run checks).</summary>
    public HashSet<(string Message, string Device)> Queued { get; } = [];

    /// <summary>The devices a <c>not_received</c> says are not meant to read a message.</summary>
    public HashSet<(string Message, string Device)> NotMeant { get; } = [];

    /// <summary>Every error a device reported, in order.</summary>
    public List<SenderKeyRunError> Errors { get; } = [];

    /// <summary>The <c>tolerate</c>s in force: a code at a set of devices.</summary>
    public List<(IReadOnlySet<string> Devices, string Code)> Tolerated { get; } = [];

    /// <summary>The name of a pairwise message's text, or null (a sender key, or a message the run did not make).</summary>
    public string? NameOf(string sender, string recipient, ulong counter) => PairwiseNames.GetValueOrDefault((sender, recipient, counter));

    /// <summary>The name of a group message's text, or null.</summary>
    public string? NameOf(GroupMessage message) => GroupNames.GetValueOrDefault((message.Group, message.Sender, message.KeyId, message.Counter));

    /// <summary>Whether an error with this code at this device is tolerated.</summary>
    public bool IsTolerated(SenderKeyRunError error) => Tolerated.Any(t => t.Code == error.Code && t.Devices.Contains(error.Device));
}

/// <summary>
/// One send of a run: its sender, its address (a user or <c>group:NAME</c>), its text, and the devices it was meant for
/// when it was sent (the user's devices and the sender's other devices, or the group's other member devices, as the
/// relay knew them): what a <c>received</c> by a user checks.
/// </summary>
internal sealed record SentText(string Name, string From, string To, byte[] Text, IReadOnlySet<string> Allowed);

/// <summary>An error a device reported: its code, the message it concerned (when named) and whether an expectation claimed it.</summary>
internal sealed class SenderKeyRunError(string device, string code, string? message, string detail, bool forged = false)
{
    /// <summary>Whether an adversary's copy (a replay, a tampered copy) caused it: it excuses nothing about the genuine message.</summary>
    public bool Forged { get; } = forged;

    public string Device { get; } = device;

    public string Code { get; } = code;

    public string? Message { get; } = message;

    public string Detail { get; } = detail;

    public bool Claimed { get; set; }

    public override string ToString() => $"{Code} at {Device}{(Message is null ? "" : " for " + Message)}: {Detail}";
}
