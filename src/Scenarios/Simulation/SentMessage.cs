namespace E2eeConformance.Scenarios.Simulation;

/// <summary>
/// An application message a scenario sent: its name, bytes, sender, target ("bob" or "group:g") and the devices allowed
/// to read it — the intended recipients at send time (the target user's devices and the sender's own other devices;
/// for a group, every device of its members then, except the sender).
/// </summary>
public sealed record SentMessage(string Name, byte[] Text, string From, string Target, IReadOnlySet<string> Allowed, int Step)
{
    public bool ToGroup => Target.StartsWith(Model.SendStep.GroupPrefix, StringComparison.Ordinal);
}
