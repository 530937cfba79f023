using System.Globalization;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Reports;

/// <summary>The formatting every report shares: durations, start time, seed, outcome words, transcript tails.</summary>
internal static class ReportFormat
{
    /// <summary>Seconds with three decimals, invariant culture ("1.234").</summary>
    public static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>The run's start as given (offset kept), e.g. "2025-11-25 09:30:00 +01:00".</summary>
    public static string Started(DateTimeOffset started) =>
        started.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    /// <summary>A seed in decimal, invariant culture.</summary>
    public static string Seed(ulong seed) => seed.ToString(CultureInfo.InvariantCulture);

    /// <summary>The run-wide seed, or a phrase saying each scenario used its own.</summary>
    public static string Seed(ulong? seed) => seed is { } value ? Seed(value) : "per scenario";

    /// <summary>A count in decimal, invariant culture.</summary>
    public static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);

    /// <summary>The lower-case word for an outcome, as the matrices show it ("pass", "fail", "unimplemented", "disabled").</summary>
    public static string Word(ScenarioOutcome outcome) => outcome.Word();

    /// <summary>Every outcome, in the order the summaries list them.</summary>
    public static IReadOnlyList<ScenarioOutcome> Outcomes { get; } =
        [ScenarioOutcome.Pass, ScenarioOutcome.Fail, ScenarioOutcome.Unimplemented, ScenarioOutcome.Disabled];

    /// <summary>The last <paramref name="count"/> lines of a "\n"-separated transcript (all of them if it is shorter).</summary>
    public static IReadOnlyList<string> LastLines(string transcript, int count)
    {
        if (transcript.Length == 0)
        {
            return [];
        }

        string[] lines = transcript.Split('\n');
        return lines.Length <= count ? lines : lines[^count..];
    }

    /// <summary>The number of lines of a "\n"-separated transcript (0 when it is empty).</summary>
    public static int LineCount(string transcript) => transcript.Length == 0 ? 0 : transcript.Count(c => c == '\n') + 1;

    /// <summary>The matrix column of a run: its suite, and the implementation(s) when not the engine alone (<see cref="ScenarioResult.Column"/>).</summary>
    public static string Column(ScenarioResult result) => result.Column;

    /// <summary>Text on one line: CR/LF and tabs become spaces.</summary>
    public static string OneLine(string text) =>
        text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\r', ' ').Replace('\n', ' ').Replace('\t', ' ');
}
