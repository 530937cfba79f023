using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Reports;

/// <summary>One run of a <c>results.json</c>: its position in the whole plan, its result and its scenario file.</summary>
/// <param name="Index">The run's 0-based position in the whole (unsharded) plan; merging orders records by it.</param>
/// <param name="Result">
/// The result. Read back from a file, a run that did not fail has an empty transcript and diagram (only failures keep
/// them), and the duration is rounded to the microsecond.
/// </param>
/// <param name="File">The absolute path of the scenario file the run came from, or null for the built-in catalog.</param>
public sealed record ResultsFileRecord(int Index, ScenarioResult Result, string? File);
