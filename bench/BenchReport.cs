using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace E2eeConformance.Bench;

/// <summary>One row of <c>bench.json</c>: an operation on a suite, its median time and spread, its allocation.</summary>
public sealed record BenchRow(
    string Name,
    string Suite,
    string Operation,
    double MedianUs,
    double FastestUs,
    double SlowestUs,
    double SpreadPercent,
    double OpsPerSecond,
    double AllocatedBytesPerOp,
    int Rounds,
    long Ops);

/// <summary>
/// The machine-readable result of a <c>bench</c> run (<c>bench.json</c>, format <c>e2ee-bench/1</c>): where and how it
/// was measured, and one <see cref="BenchRow"/> per benchmark. Other tools (and other implementations measured the same
/// way) write the same shape, so two files can be compared row by row (<c>--baseline</c>).
/// </summary>
public sealed record BenchFile(
    string Format,
    string Implementation,
    string Label,
    string MeasuredAt,
    string Runtime,
    string Machine,
    int Processors,
    int RoundMs,
    int Rounds,
    IReadOnlyList<BenchRow> Rows)
{
    public const string CurrentFormat = "e2ee-bench/1";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    public static BenchFile From(IReadOnlyList<Result> results, HarnessOptions options, string label) => new(
        CurrentFormat,
        "E2eeConformance",
        label,
        DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        RuntimeInformation.FrameworkDescription,
        $"{RuntimeInformation.OSDescription} {RuntimeInformation.ProcessArchitecture}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC",
        Environment.ProcessorCount,
        (int)options.Round.TotalMilliseconds,
        options.Rounds,
        results.Select(r => new BenchRow(
            r.Benchmark.Name,
            r.Benchmark.Suite,
            r.Benchmark.Operation,
            Round(r.MicrosecondsPerOp),
            Round(1e6 / r.MaxOpsPerSecond),
            Round(1e6 / r.MinOpsPerSecond),
            Math.Round(r.SpreadPercent, 1),
            Math.Round(r.OpsPerSecond, 1),
            Math.Round(r.AllocatedBytesPerOp, 1),
            r.Rounds,
            r.TotalOps)).ToList());

    public string ToJson() => JsonSerializer.Serialize(this, Json) + "\n";

    /// <summary>Reads a bench.json; a file that is not one gives a one-line reason in <paramref name="error"/>.</summary>
    public static BenchFile? TryRead(string path, out string? error)
    {
        error = null;
        try
        {
            BenchFile? file = JsonSerializer.Deserialize<BenchFile>(File.ReadAllText(path), Json);
            if (file?.Rows is null || file.Format != CurrentFormat)
            {
                error = $"{path}: not a bench file of format {CurrentFormat}";
                return null;
            }

            return file;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            error = $"{path}: {e.Message}";
            return null;
        }
    }

    /// <summary>The row of the same benchmark and suite, if this file has one.</summary>
    public BenchRow? Find(BenchRow row) => Rows.FirstOrDefault(r => r.Name == row.Name && r.Suite == row.Suite);

    private static double Round(double microseconds) => Math.Round(microseconds, microseconds < 10 ? 3 : 1);
}

/// <summary>The human-readable forms of a <see cref="BenchFile"/>: the console table and <c>bench.md</c>.</summary>
public static class BenchTable
{
    /// <summary>The lines of the table, with a ratio column when a baseline is given (time now / time then, below 1 is faster).</summary>
    public static IReadOnlyList<string> Lines(BenchFile file, BenchFile? baseline, bool markdown)
    {
        var lines = new List<string>();
        string[] header = baseline is null
            ? ["operation", "suite", "median µs", "spread", "allocated B/op"]
            : ["operation", "suite", "median µs", "spread", "allocated B/op", "baseline µs", "ratio", "speed-up"];
        var rows = new List<string[]>();
        foreach (BenchRow row in file.Rows)
        {
            var cells = new List<string> { row.Name, row.Suite, Us(row.MedianUs), $"±{row.SpreadPercent.ToString("F1", CultureInfo.InvariantCulture)} %", row.AllocatedBytesPerOp.ToString("N0", CultureInfo.InvariantCulture) };
            if (baseline is not null)
            {
                BenchRow? before = baseline.Find(row);
                cells.Add(before is null ? "–" : Us(before.MedianUs));
                cells.Add(before is null ? "–" : (row.MedianUs / before.MedianUs).ToString("F2", CultureInfo.InvariantCulture));
                cells.Add(before is null ? "–" : (before.MedianUs / row.MedianUs).ToString("F2", CultureInfo.InvariantCulture) + "×");
            }

            rows.Add([.. cells]);
        }

        if (markdown)
        {
            lines.Add("| " + string.Join(" | ", header) + " |");
            lines.Add("|" + string.Join("|", header.Select((_, i) => i < 2 ? "---" : "---:")) + "|");
            lines.AddRange(rows.Select(r => "| " + string.Join(" | ", r) + " |"));
            return lines;
        }

        int[] widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        lines.Add(Format(header, widths));
        lines.Add(new string('-', widths.Sum() + (2 * (widths.Length - 1))));
        lines.AddRange(rows.Select(r => Format(r, widths)));
        return lines;
    }

    /// <summary>
    /// The pipeline figures of issue 17 §3, when the file has both rows: the end-to-end one-to-one message (device,
    /// in-memory server, device) against the crypto of one message alone (one2one-chain), in throughput and allocation.
    /// </summary>
    public static IEnumerable<string> Pipeline(BenchFile file)
    {
        foreach (string suite in file.Rows.Select(r => r.Suite).Distinct())
        {
            BenchRow? e2e = file.Rows.FirstOrDefault(r => r.Name == "e2e-one2one-memory" && r.Suite == suite);
            BenchRow? crypto = file.Rows.FirstOrDefault(r => r.Name == "one2one-chain" && r.Suite == suite);
            if (e2e is null || crypto is null)
            {
                continue;
            }

            double share = crypto.MedianUs / e2e.MedianUs * 100;
            double allocation = e2e.AllocatedBytesPerOp / Math.Max(1, crypto.AllocatedBytesPerOp);
            yield return string.Create(
                CultureInfo.InvariantCulture,
                $"pipeline {suite}: end to end {e2e.MedianUs:F2} µs/message = {share:F0} % of the crypto's throughput ({crypto.MedianUs:F2} µs), allocating {allocation:F1}× the crypto ({e2e.AllocatedBytesPerOp:N0} B vs {crypto.AllocatedBytesPerOp:N0} B)");
        }
    }

    /// <summary>bench.md: the environment, the table and the pipeline figures.</summary>
    public static string Markdown(BenchFile file, BenchFile? baseline)
    {
        var text = new StringBuilder();
        text.Append("# bench: ").Append(file.Label).Append('\n').Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"Measured {file.MeasuredAt} with {file.Runtime} on {file.Machine}, {file.Processors} processors; ");
        text.Append(CultureInfo.InvariantCulture, $"{file.Rounds} interleaved rounds of {file.RoundMs} ms per row, median reported, spread = half the distance between the fastest and the slowest round.");
        if (baseline is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" Baseline: {baseline.Label} ({baseline.MeasuredAt}); ratio = time now / time then, below 1 is faster.");
        }

        text.Append("\n\n");
        foreach (string line in Lines(file, baseline, markdown: true))
        {
            text.Append(line).Append('\n');
        }

        List<string> pipeline = Pipeline(file).ToList();
        if (pipeline.Count > 0)
        {
            text.Append('\n');
            foreach (string line in pipeline)
            {
                text.Append("- ").Append(line).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Us(double microseconds) =>
        microseconds.ToString(microseconds < 100 ? "N2" : "N0", CultureInfo.InvariantCulture);

    private static string Format(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i < 2 ? c.PadRight(widths[i]) : c.PadLeft(widths[i])));
}
