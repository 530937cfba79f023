namespace E2eeConformance.Scenarios.Simulation;

/// <summary>
/// An event a device raised to its application that an <c>event</c> expectation can look for: a heartbeat, a user
/// update, a session established, pre-keys published.
/// </summary>
/// <param name="Device">The device that raised it ("alice/1").</param>
/// <param name="Kind">The event kind (<c>heartbeat</c>, <c>user_updated</c>, <c>session_established</c>, <c>pre_keys_published</c>).</param>
/// <param name="Subject">The user or device it is about (whose update, the session's peer), or empty.</param>
/// <param name="Detail">What it says: the new user name, the server time, what was published.</param>
/// <param name="Step">The step number it was raised at.</param>
public sealed record RecordedEvent(string Device, string Kind, string Subject, string Detail, int Step)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Kind}{(Subject.Length == 0 ? "" : " of " + Subject)}{(Detail.Length == 0 ? "" : " (" + Detail + ")")} at {Device} (step {Step})";
}
