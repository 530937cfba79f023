using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using E2eeConformance.Bench;

// e2ee-bench [filter …] [--all] [--list] [--rounds N] [--round-ms MS] [--warmup-ms MS] [--out DIR] [--baseline FILE] [--label TEXT]
//   | e2ee-bench scale [--devices N] [--messages M] [--suite ecc|pqc]   (10,000 devices, 1,000,000 messages by default)
//   | e2ee-bench --scale (group sizes) | --latency (16 devices, one hostile) | --memory (10⁶ messages, one pair)
// Without a filter it runs the comparison table (issue 17 §1), interleaved, and writes DIR/bench.json and DIR/bench.md
// (DIR = reports). A filter is a case-insensitive substring of "name/suite" (e.g. "one2one-chain", "chain/ecc", "pqc");
// a benchmark runs when it matches any filter. Run in Release: dotnet run -c Release --project bench
if (args.Length > 0 && args[0] == "scale")
{
    return ScaleCommand.Run(args[1..]);
}

var filters = new List<string>();
HarnessOptions options = HarnessOptions.Default;
bool listOnly = false, all = false;
string outDir = "reports";
string? baselinePath = null;
string label = "E2eeConformance";
for (int i = 0; i < args.Length; i++)
{
    string arg = args[i];
    switch (arg)
    {
        case "--list":
            listOnly = true;
            break;
        case "--all":
            all = true;
            break;
        case "--scale":
            GroupScale.Run();
            return 0;
        case "--latency":
            LatencyUnderLoad.Run();
            return 0;
        case "--memory":
            FlatMemory.Run();
            return 0;
        case "--rounds" or "--round-ms" or "--warmup-ms":
            if (i + 1 >= args.Length || !int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < 1 || value > 1_000_000)
            {
                Console.Error.WriteLine($"{arg} takes a whole number from 1 to 1000000");
                return 2;
            }

            options = arg switch
            {
                "--rounds" => options with { Rounds = value },
                "--round-ms" => options with { Round = TimeSpan.FromMilliseconds(value) },
                _ => options with { WarmUp = TimeSpan.FromMilliseconds(value) },
            };
            break;
        case "--out" or "--baseline" or "--label":
            if (i + 1 >= args.Length)
            {
                Console.Error.WriteLine($"{arg} takes a value");
                return 2;
            }

            string text = args[++i];
            _ = arg switch
            {
                "--out" => outDir = text,
                "--baseline" => baselinePath = text,
                _ => label = text,
            };
            break;
        case "-h" or "--help":
            Console.WriteLine("usage: e2ee-bench [filter …] [--all] [--list] [--rounds N] [--round-ms MS] [--warmup-ms MS] [--out DIR] [--baseline FILE] [--label TEXT]");
            Console.WriteLine("       e2ee-bench scale [--devices N] [--messages M] [--suite ecc|pqc] | --scale | --latency | --memory");
            return 0;
        default:
            if (arg.StartsWith('-'))
            {
                Console.Error.WriteLine($"unknown option {arg}; --help lists them");
                return 2;
            }

            filters.Add(arg);
            break;
    }
}

BenchFile? baseline = null;
if (baselinePath is not null)
{
    baseline = BenchFile.TryRead(baselinePath, out string? error);
    if (baseline is null)
    {
        Console.Error.WriteLine($"--baseline {error}");
        return 2;
    }
}

List<Benchmark> selected = Benchmarks.All()
    .Where(b => filters.Count == 0 ? all || b.InTable : filters.Any(f => b.Id.Contains(f, StringComparison.OrdinalIgnoreCase)))
    .ToList();
if (listOnly)
{
    selected.ForEach(b => Console.WriteLine($"{b.Id,-36} {b.Operation}"));
    return 0;
}

if (selected.Count == 0)
{
    Console.Error.WriteLine($"no benchmark matches {string.Join(", ", filters)}; --list --all shows them");
    return 2;
}

#if DEBUG
Console.WriteLine("WARNING: Debug build; run with -c Release for meaningful numbers.");
#endif
Console.WriteLine(
    $"# {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription} {RuntimeInformation.ProcessArchitecture}, " +
    $"{Environment.ProcessorCount} cpu, {(GCSettings.IsServerGC ? "server" : "workstation")} GC; {selected.Count} benchmarks; " +
    $"warm-up ≥ {options.WarmUp.TotalMilliseconds} ms each (until steady), then {options.Rounds} interleaved rounds of {options.Round.TotalMilliseconds} ms, median reported");
var clock = System.Diagnostics.Stopwatch.StartNew();
IReadOnlyList<Result> results = Harness.RunInterleaved(selected, options, line => Console.Error.WriteLine($"# {clock.Elapsed.TotalSeconds,6:F1} s  {line}"));
BenchFile file = BenchFile.From(results, options, label);
foreach (string line in BenchTable.Lines(file, baseline, markdown: false))
{
    Console.WriteLine(line);
}

foreach (string line in BenchTable.Pipeline(file))
{
    Console.WriteLine(line);
}

Directory.CreateDirectory(outDir);
File.WriteAllText(Path.Combine(outDir, "bench.json"), file.ToJson());
File.WriteAllText(Path.Combine(outDir, "bench.md"), BenchTable.Markdown(file, baseline));
Console.WriteLine($"# total {clock.Elapsed.TotalSeconds:F1} s; wrote {Path.Combine(outDir, "bench.json")} and bench.md");
return 0;
