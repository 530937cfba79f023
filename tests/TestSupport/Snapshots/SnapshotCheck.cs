namespace E2eeConformance.TestSupport.Snapshots;

/// <summary>The result of <see cref="SnapshotFile.Check"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="VerifiedPath">Full path of <c>&lt;name&gt;.verified.txt</c>.</param>
/// <param name="ReceivedPath">Full path of <c>&lt;name&gt;.received.txt</c> (exists only after a failure).</param>
/// <param name="Message">A human-readable explanation (empty on <see cref="SnapshotStatus.Match"/>).</param>
/// <param name="Diff">The line diff, verified (-) against received (+); empty unless <see cref="SnapshotStatus.Mismatch"/>.</param>
public sealed record SnapshotCheck(
    SnapshotStatus Status,
    string VerifiedPath,
    string ReceivedPath,
    string Message,
    string Diff)
{
    /// <summary>True for <see cref="SnapshotStatus.Mismatch"/> and <see cref="SnapshotStatus.Missing"/>.</summary>
    public bool IsFailure => Status is SnapshotStatus.Mismatch or SnapshotStatus.Missing;
}
