namespace E2eeConformance.Scenarios.Reports;

/// <summary>How much of each run the HTML report shows.</summary>
public enum HtmlDetail
{
    /// <summary>
    /// Failed runs in full (sequence diagram, Mermaid source, transcript); every other run as a summary with its replay
    /// command. The default: an all-pass catalog run stays well under a megabyte.
    /// </summary>
    FailedRuns,

    /// <summary>Every run in full (<c>run --transcripts</c>); the other runs' diagram and transcript start folded.</summary>
    AllRuns,
}
