using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using E2eeConformance.Bench;

// e2ee-bench [filter …] [--list] [--rounds N] [--round-ms MS] [--warmup-ms MS]   |   e2ee-bench --scale (group sizes) | --latency (16 devices, one hostile) | --memory (10⁶ messages)
// A filter is a case-insensitive substring of "name/suite" (e.g. "one2one-chain", "chain/ecc", "pqc"); a benchmark runs
// when it matches any filter, or always when none is given. Run in Release: dotnet run -c Release --project bench -- chain
var filters = new List<string>();
HarnessOptions options = HarnessOptions.Default;
bool listOnly = false;
for (int i = 0; i < args.Length; i++)
{
    string arg = args[i];
    switch (arg)
    {
        case "--list":
            listOnly = true;
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
        case "--rounds":
            options = options with { Rounds = int.Parse(args[++i], CultureInfo.InvariantCulture) };
            break;
        case "--round-ms":
            options = options with { Round = TimeSpan.FromMilliseconds(int.Parse(args[++i], CultureInfo.InvariantCulture)) };
            break;
        case "--warmup-ms":
            options = options with { WarmUp = TimeSpan.FromMilliseconds(int.Parse(args[++i], CultureInfo.InvariantCulture)) };
            break;
        case "-h" or "--help":
            Console.WriteLine("usage: e2ee-bench [filter …] [--list] [--rounds N] [--round-ms MS] [--warmup-ms MS] | --scale | --latency | --memory");
            return 0;
        default:
            filters.Add(arg);
            break;
    }
}

List<Benchmark> selected = Benchmarks.All()
    .Where(b => filters.Count == 0 || filters.Any(f => b.Id.Contains(f, StringComparison.OrdinalIgnoreCase)))
    .ToList();
if (listOnly)
{
    selected.ForEach(b => Console.WriteLine(b.Id));
    return 0;
}

if (selected.Count == 0)
{
    Console.Error.WriteLine($"no benchmark matches {string.Join(", ", filters)}; --list shows them");
    return 2;
}

#if DEBUG
Console.WriteLine("WARNING: Debug build; run with -c Release for meaningful numbers.");
#endif
Console.WriteLine(
    $"# {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription} {RuntimeInformation.ProcessArchitecture}, " +
    $"{Environment.ProcessorCount} cpu, {(GCSettings.IsServerGC ? "server" : "workstation")} GC; " +
    $"warm-up ≥ {options.WarmUp.TotalMilliseconds} ms (until steady), {options.Rounds} × {options.Round.TotalMilliseconds} ms rounds, median reported");

const string Format = "{0,-20} {1,-6} {2,14} {3,12} {4,20} {5,15}";
Console.WriteLine(string.Format(CultureInfo.InvariantCulture, Format, "name", "suite", "ops/s", "µs/op", "allocated bytes/op", "spread"));
Console.WriteLine(new string('-', 92));
var total = Stopwatch.StartNew();
foreach (Benchmark benchmark in selected)
{
    Result r = Harness.Run(benchmark, options);
    double spread = (r.MaxOpsPerSecond - r.MinOpsPerSecond) / r.OpsPerSecond * 100;
    Console.WriteLine(string.Format(
        CultureInfo.InvariantCulture,
        Format,
        benchmark.Name,
        benchmark.Suite,
        r.OpsPerSecond.ToString("N0", CultureInfo.InvariantCulture),
        r.MicrosecondsPerOp.ToString(r.MicrosecondsPerOp < 100 ? "N2" : "N0", CultureInfo.InvariantCulture),
        r.AllocatedBytesPerOp.ToString("N0", CultureInfo.InvariantCulture),
        $"±{spread / 2:F1}%"));
}

Console.WriteLine($"# total {total.Elapsed.TotalSeconds:F1} s");
return 0;
