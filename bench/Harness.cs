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
    public static HarnessOptions Default { get; } = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(300), 5);
}

/// <summary>
/// A small Stopwatch harness (BenchmarkDotNet is too slow to run here). Per benchmark: setup (untimed), warm-up (at
/// least <see cref="HarnessOptions.WarmUp"/>, longer until the throughput of consecutive ~100 ms slices is steady, so
/// tiered JIT reached tier 1) which also calibrates the batch size so one clock read covers ≥ ~1 ms of work, then <see cref="HarnessOptions.Rounds"/> rounds of batches for a fixed wall budget each. Reports the median round
/// throughput and the bytes allocated on this thread per op (<see cref="GC.GetAllocatedBytesForCurrentThread"/>).
/// </summary>
public static class Harness
{
    private static readonly long BatchTargetTicks = Stopwatch.Frequency / 1000; // ~1 ms per batch

    public static Result Run(Benchmark benchmark, HarnessOptions options)
    {
        Action op = benchmark.Setup();

        // Warm-up: at least the warm-up budget, growing the batch so short ops do not pay a clock read each; then on in
        // slices of ~100 ms until two consecutive slices agree within 3 % (tiered JIT has settled), at most 4 × the budget.
        int batch = 1;
        long warmUpStart = Stopwatch.GetTimestamp();
        long warmUpMin = warmUpStart + ToTicks(options.WarmUp);
        long warmUpMax = warmUpStart + 4 * ToTicks(options.WarmUp);
        long sliceTicks = Stopwatch.Frequency / 10;
        double previousRate = 0;
        while (true)
        {
            long sliceStart = Stopwatch.GetTimestamp();
            long sliceOps = 0;
            long now;
            do
            {
                long start = Stopwatch.GetTimestamp();
                RunBatch(op, batch);
                sliceOps += batch;
                now = Stopwatch.GetTimestamp();
                if (now - start < BatchTargetTicks && batch < (1 << 20))
                {
                    batch *= 2;
                }
            }
            while (now - sliceStart < sliceTicks);

            double rate = sliceOps / (double)(now - sliceStart);
            bool settled = previousRate > 0 && Math.Abs(rate - previousRate) <= 0.03 * previousRate;
            if (now >= warmUpMax || (now >= warmUpMin && settled))
            {
                break;
            }

            previousRate = rate;
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
