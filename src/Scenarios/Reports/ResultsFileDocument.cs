using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Reports;

/// <summary>A whole <c>results.json</c>: the run's metadata and one record per run, in plan order.</summary>
/// <param name="Run">The run's metadata.</param>
/// <param name="Records">One record per run, ordered by <see cref="ResultsFileRecord.Index"/>.</param>
public sealed record ResultsFileDocument(ResultsFileRun Run, IReadOnlyList<ResultsFileRecord> Records)
{
    /// <summary>The run as the other reports take it (JUnit, Markdown, HTML).</summary>
    public RunSummary ToSummary() => new([.. Records.Select(r => r.Result)], Run.Seed, Run.Started, Run.Duration);
}
