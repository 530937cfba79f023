namespace E2eeConformance.Scenarios.Running.Relayed;

/// <summary>
/// What a run of a relayed family knows of its application messages: each send by name, who was to get it, who read
/// it and with which text, and the errors devices reported. Each family adds how it recognises its ciphertexts.
/// </summary>
internal class RelayLedger
{
    /// <summary>The sends by name (the <c>as</c> of a send step).</summary>
    public Dictionary<string, SentText> Sent { get; } = new(StringComparer.Ordinal);

    /// <summary>The texts devices read, by device and message name.</summary>
    public Dictionary<(string Device, string Message), byte[]> Reads { get; } = [];

    /// <summary>The devices the server queued each message for (the recipients the end of the run checks).</summary>
    public HashSet<(string Message, string Device)> Queued { get; } = [];

    /// <summary>The devices a <c>not_received</c> says are not meant to read a message.</summary>
    public HashSet<(string Message, string Device)> NotMeant { get; } = [];

    /// <summary>Every error a device reported, in order.</summary>
    public List<RunError> Errors { get; } = [];

    /// <summary>The <c>tolerate</c>s in force: a code at a set of devices.</summary>
    public List<(IReadOnlySet<string> Devices, string Code)> Tolerated { get; } = [];

    /// <summary>Whether an error with this code at this device is tolerated.</summary>
    public bool IsTolerated(RunError error) => Tolerated.Any(t => t.Code == error.Code && t.Devices.Contains(error.Device));

    /// <summary>A device read the text of <paramref name="name"/> (null: a text nobody sent): checked against what was sent, once.</summary>
    public void Read(string device, string? name, byte[] text, string how, Action<string> say)
    {
        if (name is null)
        {
            throw new ScenarioFailure($"invariant: {device} read a text {how} that nobody sent");
        }

        if (!Sent[name].Text.AsSpan().SequenceEqual(text))
        {
            throw new ScenarioFailure($"invariant: {device} read {name} as other bytes than were sent");
        }

        if (!Reads.TryAdd((device, name), text))
        {
            throw new ScenarioFailure($"invariant: {device} read {name} twice");
        }

        say($"    {device} reads {name} {how}: {Sent[name].Shown}");
    }

    /// <summary>A device reported an error; a <c>tolerate</c> in force claims it as it comes (as in every family).</summary>
    public void Record(RunError error, Action<string> say)
    {
        error.Claimed = IsTolerated(error);
        Errors.Add(error);
        say($"    {error.Device} error {error.Code}{(error.Message is null ? "" : " (" + error.Message + ")")}");
    }
}

/// <summary>
/// One send of a run: its sender, its address (a user or <c>group:NAME</c>), its text, and the devices it was meant for
/// when it was sent: what a <c>received</c> by a user checks.
/// </summary>
internal sealed record SentText(string Name, string From, string To, byte[] Text, IReadOnlySet<string> Allowed)
{
    /// <summary>The text as transcripts show it: quoted when a scenario gave a text, else its length.</summary>
    public string Shown =>
        Text.Length <= 64 && Text.All(b => b is >= 0x20 and < 0x7f)
            ? "\"" + System.Text.Encoding.ASCII.GetString(Text) + "\""
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Text.Length} bytes");
}

/// <summary>An error a device reported: its code, the message it concerned (when named) and whether an expectation claimed it.</summary>
internal sealed class RunError(string device, string code, string? message, string detail, bool forged = false)
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
