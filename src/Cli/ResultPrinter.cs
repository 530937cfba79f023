using System.Globalization;
using System.Text;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Cli;

/// <summary>
/// The plain-text lines of a run: the seed line, one aligned line per result (with, for a failure, the transcript's
/// tail and a replay command), and the summary. ASCII only.
/// </summary>
internal sealed class ResultPrinter
{
    /// <summary>How many transcript lines a failure shows.</summary>
    public const int TailLines = 30;

    private const string Indent = "    ";

    private readonly TextWriter _out;
    private readonly int _outcomeWidth;
    private readonly int _labelWidth;
    private readonly bool _transcripts;
    private readonly bool _showSeeds;
    private readonly bool _includeDisabled;

    public ResultPrinter(TextWriter output, int outcomeWidth, int labelWidth, bool transcripts, bool showSeeds = false, bool includeDisabled = false)
    {
        _out = output;
        _outcomeWidth = outcomeWidth;
        _labelWidth = labelWidth;
        _transcripts = transcripts;
        _showSeeds = showSeeds;
        _includeDisabled = includeDisabled;
    }

    /// <summary>A printer whose columns fit every run of <paramref name="plan"/>.</summary>
    /// <param name="plan">The runs to be printed.</param>
    /// <param name="output">Where to print.</param>
    /// <param name="transcripts">Print every run's whole transcript.</param>
    /// <param name="showSeeds">Name each run's seed on its line (a seed sweep).</param>
    /// <param name="includeDisabled">The run forces disabled combinations (replay commands then say so too).</param>
    public static ResultPrinter For(IReadOnlyList<PlanItem> plan, TextWriter output, bool transcripts, bool showSeeds = false, bool includeDisabled = false)
    {
        ArgumentNullException.ThrowIfNull(plan);

        // Runs that run end in PASS or FAIL; only planned skips (or a crash) need the longer words.
        int outcomeWidth = plan.Select(p => Word(p.Run.Skip ?? ScenarioOutcome.Pass).Length).DefaultIfEmpty(4).Max();
        int labelWidth = plan.Select(p => Label(p.Run.Scenario.Name, Column(p), showSeeds ? p.EffectiveSeed : null).Length).DefaultIfEmpty(0).Max();
        return new ResultPrinter(output, outcomeWidth, labelWidth, transcripts, showSeeds, includeDisabled);
    }

    /// <summary>The suite a planned run's line names, with the implementation(s) as <see cref="ScenarioResult.Column"/> does.</summary>
    private static string Column(PlanItem item) => ScenarioResult.ColumnOf(item.Run.SuiteName, item.Implementations.Label);

    /// <summary>The first line of a run's output.</summary>
    public static string SeedLine(ulong? seed, bool random) => seed is { } value
        ? $"seed: {Number(value)}{(random ? " (random)" : "")}"
        : $"seed: per scenario (default {Number(Scenario.DefaultSeed)})";

    public static string Word(ScenarioOutcome outcome) => outcome.Word().ToUpperInvariant();

    /// <summary>"name [suite]", or "name [suite] seed N" in a seed sweep.</summary>
    public static string Label(string scenario, string suite, ulong? seed = null) =>
        seed is { } value ? $"{scenario} [{suite}] seed {Number(value)}" : $"{scenario} [{suite}]";

    /// <summary>Seconds with two decimals ("1.23s").</summary>
    public static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + "s";

    /// <summary>
    /// The result's line: <c>PASS  name [suite]  1.23s</c>, <c>FAIL  name [suite]  1.23s : step …: reason</c>, or
    /// <c>DISABLED  name [suite]      - : reason</c>; a multi-line reason continues on indented lines.
    /// </summary>
    public string Line(ScenarioResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        bool ran = result.Outcome is ScenarioOutcome.Pass or ScenarioOutcome.Fail;
        StringBuilder line = new();
        line.Append(Word(result.Outcome).PadRight(_outcomeWidth)).Append("  ")
            .Append(Label(result.Scenario, result.Column, _showSeeds ? result.Seed : null).PadRight(_labelWidth)).Append("  ")
            .Append((ran ? Seconds(result.Duration) : "-").PadLeft(7));
        string reason = Ascii(result.Reason.TrimEnd());
        if (result.Outcome == ScenarioOutcome.Fail && result.FailedStep.Length > 0)
        {
            reason = $"{Ascii(result.FailedStep)}: {reason}";
        }

        if (reason.Length > 0)
        {
            string[] lines = reason.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
            line.Append(" : ").Append(lines[0]);
            foreach (string more in lines.Skip(1))
            {
                line.Append(Environment.NewLine).Append(Indent).Append(more);
            }
        }

        return line.ToString();
    }

    /// <summary>Prints a result's line; for a failure the transcript's last lines and the replay commands; the whole transcript with --transcripts.</summary>
    public void Print(ScenarioResult result, string? file)
    {
        ArgumentNullException.ThrowIfNull(result);
        _out.WriteLine(Line(result));
        if (_transcripts && result.Transcript.Length > 0)
        {
            WriteIndented(result.Transcript.Split('\n'));
        }
        else if (result.Outcome == ScenarioOutcome.Fail && result.Transcript.Length > 0)
        {
            string[] lines = result.Transcript.Split('\n');
            WriteIndented(lines.Length <= TailLines ? lines : lines[^TailLines..]);
        }

        if (result.Outcome == ScenarioOutcome.Fail)
        {
            _out.WriteLine($"{Indent}replay: {ReplayHint.ToolCommand(result, file, _includeDisabled)}");
            if (ReplayHint.SourceCommand(result, file, _includeDisabled) is { } source)
            {
                _out.WriteLine($"{Indent}    or: {source}");
            }
        }
    }

    /// <summary>"N passed, N failed, N unimplemented, N disabled in X.Ys".</summary>
    public static string Summary(RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{summary.Count(ScenarioOutcome.Pass)} passed, {summary.Count(ScenarioOutcome.Fail)} failed, {summary.Count(ScenarioOutcome.Unimplemented)} unimplemented, {summary.Count(ScenarioOutcome.Disabled)} disabled in {summary.Duration.TotalSeconds:0.0}s");
    }

    public static string Number(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Non-ASCII characters (e.g. an em dash in a reason) as '?', so the lines stay ASCII.</summary>
    public static string Ascii(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.All(c => c is '\n' or '\r' or (>= ' ' and <= '~'))
            ? text
            : string.Concat(text.Select(c => c switch
            {
                '\n' or '\r' or (>= ' ' and <= '~') => c,
                '\t' => ' ',
                '\u2013' or '\u2014' or '\u2212' => '-',
                '\u2018' or '\u2019' => '\'',
                '\u201C' or '\u201D' => '"',
                '\u2192' => '>',
                _ => '?',
            }));
    }

    private void WriteIndented(IEnumerable<string> lines)
    {
        foreach (string line in lines)
        {
            _out.WriteLine(Indent + Ascii(line));
        }
    }
}
