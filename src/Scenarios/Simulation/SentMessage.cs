namespace E2eeConformance.Scenarios.Simulation;

/// <summary>
/// An application message a scenario sent: its name, bytes, sender, target ("bob" or "group:g") and the devices allowed
/// to read it — the intended recipients at send time (the target user's devices and the sender's own other devices;
/// for a group, every device of its members then, except the sender). Nobody else may read it.
/// </summary>
public sealed record SentMessage(string Name, byte[] Text, string From, string Target, IReadOnlySet<string> Allowed, int Step)
{
    /// <summary>
    /// The allowed devices the sender's device knew to send to (its view may lag: a member added a moment ago, or a
    /// user's new device, is not among them until the news reaches it). Every one of them must read the message once
    /// the faults heal.
    /// </summary>
    public IReadOnlySet<string> Intended { get; set; } = Allowed;

    /// <summary>
    /// Whether the sending device withdrew the text instead of sending it (it waited for the group's keys, and devices
    /// joined meanwhile that it was not written for): nobody reads it, and <see cref="Intended"/> is empty.
    /// </summary>
    public bool Withdrawn { get; set; }

    /// <summary>
    /// Whether the message went to a group (<see cref="Model.SendStep.GroupPrefix"/>) rather than a user.
    /// </summary>
    public bool ToGroup => Target.StartsWith(Model.SendStep.GroupPrefix, StringComparison.Ordinal);
}
