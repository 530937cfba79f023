using System.Diagnostics;

namespace E2eeConformance.Bench;

/// <summary>
/// One benchmark: a name, the suite it runs on, and a factory that does the (untimed) setup and returns the
/// operation to time. The operation runs on the calling thread; each call is one "op" of the ops/s column.
/// </summary>
public sealed record Benchmark(string Name, string Suite, Func<Action> Setup)
{
    public string Id => $"{Name}/{Suite}";
}

/// <summary>What one benchmark measured: the median of the rounds' throughputs, and allocation over all rounds.</summary>
public sealed record Result(Benchmark Benchmark, double OpsPerSecond, double MinOpsPerSecond, double MaxOpsPerSecond, double AllocatedBytesPerOp, long TotalOps)
{
    public double MicrosecondsPerOp => 1e6 / OpsPerSecond;
}

/// <summary>Timing settings: warm-up, rounds of a fixed wall budget each, median reported.</summary>
public sealed record HarnessOptions(TimeSpan WarmUp, TimeSpan Round, int Rounds)
{
    public static HarnessOptions Default { get; } = new(TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(300), 5);
}

/// <summary>
/// A small Stopwatch harness (BenchmarkDotNet is too slow to run here). Per benchmark: setup (untimed), warm-up for a
/// fixed time so tiered JIT reaches tier 1, a calibration of the batch size so one clock read covers ≥ ~1 ms of work,
/// then <see cref="HarnessOptions.Rounds"/> rounds of batches for a fixed wall budget each. Reports the median round
/// throughput and the bytes allocated on this thread per op (<see cref="GC.GetAllocatedBytesForCurrentThread"/>).
/// </summary>
public static class Harness
{
    private static readonly long BatchTargetTicks = Stopwatch.Frequency / 1000; // ~1 ms per batch

    public static Result Run(Benchmark benchmark, HarnessOptions options)
    {
        Action op = benchmark.Setup();

        // Warm-up: run for the warm-up budget, growing the batch so short ops do not pay a clock read each.
        int batch = 1;
        long warmUpEnd = Stopwatch.GetTimestamp() + ToTicks(options.WarmUp);
        while (Stopwatch.GetTimestamp() < warmUpEnd)
        {
            long start = Stopwatch.GetTimestamp();
            RunBatch(op, batch);
            long took = Stopwatch.GetTimestamp() - start;
            if (took < BatchTargetTicks && batch < (1 << 20))
            {
                batch *= 2;
            }
        }

        // Force a clean heap so one round does not pay for the garbage of setup and warm-up.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var rates = new double[options.Rounds];
        long totalOps = 0;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long roundTicks = ToTicks(options.Round);
        for (int r = 0; r < options.Rounds; r++)
        {
            long ops = 0;
            long start = Stopwatch.GetTimestamp();
            long end = start + roundTicks;
            long now;
            do
            {
                RunBatch(op, batch);
                ops += batch;
                now = Stopwatch.GetTimestamp();
            }
            while (now < end);

            rates[r] = ops / ((now - start) / (double)Stopwatch.Frequency);
            totalOps += ops;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Array.Sort(rates);
        return new Result(benchmark, rates[rates.Length / 2], rates[0], rates[^1], allocated / (double)totalOps, totalOps);
    }

    private static void RunBatch(Action op, int count)
    {
        for (int i = 0; i < count; i++)
        {
            op();
        }
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
