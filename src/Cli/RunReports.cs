using E2eeConformance.Scenarios.Reports;

namespace E2eeConformance.Cli;

/// <summary>Writes a run's reports into one directory: junit.xml, summary.md and report.html (<see cref="ReportWriter"/>) and results.json (<see cref="ResultsFile"/>).</summary>
internal static class RunReports
{
    /// <summary>Writes every report (<paramref name="detail"/>: how much of each run report.html shows) and returns their full paths; a directory that cannot be written is a usage error.</summary>
    public static IReadOnlyList<string> Write(ResultsFileDocument document, string directory, HtmlDetail detail = HtmlDetail.FailedRuns)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(directory);
        try
        {
            return [.. ReportWriter.WriteAll(document.ToSummary(), directory, detail), ResultsFile.WriteTo(document, directory)];
        }
        catch (IOException e)
        {
            throw new UsageException($"cannot write the reports to {directory}: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UsageException($"cannot write the reports to {directory}: {e.Message}", e);
        }
    }
}
