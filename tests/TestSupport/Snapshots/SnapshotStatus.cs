namespace E2eeConformance.TestSupport.Snapshots;

/// <summary>The outcome of comparing a text with its <c>*.verified.txt</c> snapshot.</summary>
public enum SnapshotStatus
{
    /// <summary>The text equals the verified snapshot; any stale received file was deleted.</summary>
    Match,

    /// <summary>No verified snapshot existed (and not on CI): it was created from the text. Not a failure.</summary>
    Created,

    /// <summary>Accept mode: the verified snapshot was written (new or overwritten) from the text. Not a failure.</summary>
    Accepted,

    /// <summary>The text differs from the verified snapshot; the received file was written. A failure.</summary>
    Mismatch,

    /// <summary>No verified snapshot existed on CI; the received file was written. A failure.</summary>
    Missing,
}
