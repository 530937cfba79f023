using System.Diagnostics;

namespace E2eeConformance.Bench;

/// <summary>
/// One benchmark: a name, the suite it runs on, what it measures, and a factory that does the (untimed) setup and
/// returns the operation to time. The operation runs on the calling thread; each call is one "op" of the ops/s column.
/// <see cref="InTable"/> marks the rows of the comparison table <c>bench</c> runs by default (issue 17 §1); the others
/// run with <c>--all</c> or a filter.
/// </summary>
public sealed record Benchmark(string Name, string Suite, Func<Action> Setup, string Operation = "", bool InTable = false)
{
    public string Id => $"{Name}/{Suite}";
}

/// <summary>
/// What one benchmark measured: the median, fastest and slowest round throughput, and allocation over all rounds.
/// </summary>
public sealed record Result(Benchmark Benchmark, double OpsPerSecond, double MinOpsPerSecond, double MaxOpsPerSecond, double AllocatedBytesPerOp, long TotalOps, int Rounds)
{
    public double MicrosecondsPerOp => 1e6 / OpsPerSecond;

    /// <summary>Half the distance between the slowest and the fastest round, in per cent of the median (the ± of the table).</summary>
    public double SpreadPercent => (MaxOpsPerSecond - MinOpsPerSecond) / OpsPerSecond * 50;
}

/// <summary>Timing settings: warm-up, rounds of a fixed wall budget each, median reported.</summary>
public sealed record HarnessOptions(TimeSpan WarmUp, TimeSpan Round, int Rounds)
{
    public static HarnessOptions Default { get; } = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(300), 5);
}

/// <summary>
/// A small Stopwatch harness (BenchmarkDotNet is too slow to run here). Per benchmark: setup (untimed), then a warm-up
/// (at least <see cref="HarnessOptions.WarmUp"/>, longer until the throughput of consecutive ~100 ms slices is steady,
/// so tiered JIT reached tier 1) which also calibrates the batch size so one clock read covers ≥ ~1 ms of work.
/// <see cref="RunInterleaved"/> then runs the rounds interleaved — round 1 of every benchmark, then round 2 of every
/// benchmark, … — so a change in the machine's load (another process, thermal state) falls on every row alike instead
/// of on the rows that happened to run at that moment. Reports the median round throughput, the fastest and slowest
/// round, and the bytes allocated on this thread per op (<see cref="GC.GetAllocatedBytesForCurrentThread"/>).
/// </summary>
public static class Harness
{
    private static readonly long BatchTargetTicks = Stopwatch.Frequency / 1000; // ~1 ms per batch

    /// <summary>A set-up, warmed-up benchmark and what its rounds measured so far.</summary>
    private sealed class Prepared(Benchmark benchmark, Action op, int batch, int rounds)
    {
        public Benchmark Benchmark { get; } = benchmark;

        public Action Op { get; } = op;

        public int Batch { get; } = batch;

        public double[] Rates { get; } = new double[rounds];

        public long TotalOps { get; set; }

        public long Allocated { get; set; }
    }

    /// <summary>Runs one benchmark on its own: warm-up, then its rounds back to back.</summary>
    public static Result Run(Benchmark benchmark, HarnessOptions options) => RunInterleaved([benchmark], options, null)[0];

    /// <summary>
    /// Sets up and warms up every benchmark, then runs round r of each before round r+1 of any. <paramref name="progress"/>
    /// gets a line per finished stage.
    /// </summary>
    public static IReadOnlyList<Result> RunInterleaved(IReadOnlyList<Benchmark> benchmarks, HarnessOptions options, Action<string>? progress)
    {
        var prepared = new List<Prepared>(benchmarks.Count);
        foreach (Benchmark benchmark in benchmarks)
        {
            Action op = benchmark.Setup();
            prepared.Add(new Prepared(benchmark, op, WarmUp(op, options), options.Rounds));
            progress?.Invoke($"warmed up {benchmark.Id}");
        }

        for (int r = 0; r < options.Rounds; r++)
        {
            foreach (Prepared p in prepared)
            {
                // A clean heap so one round does not pay for the garbage of another benchmark's round.
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                RunRound(p, r, options.Round);
            }

            progress?.Invoke($"round {r + 1} of {options.Rounds} done");
        }

        return prepared.Select(p =>
        {
            double[] sorted = p.Rates.Order().ToArray();
            return new Result(p.Benchmark, sorted[sorted.Length / 2], sorted[0], sorted[^1], p.Allocated / (double)p.TotalOps, p.TotalOps, sorted.Length);
        }).ToList();
    }

    /// <summary>
    /// At least the warm-up budget, growing the batch so short ops do not pay a clock read each; then on in slices of
    /// ~100 ms until two consecutive slices agree within 3 % (tiered JIT has settled), at most 4 × the budget.
    /// Returns the batch size.
    /// </summary>
    private static int WarmUp(Action op, HarnessOptions options)
    {
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
                return batch;
            }

            previousRate = rate;
        }
    }

    /// <summary>Batches of the op for the round's wall budget (at least one batch).</summary>
    private static void RunRound(Prepared p, int round, TimeSpan budget)
    {
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long ops = 0;
        long start = Stopwatch.GetTimestamp();
        long end = start + ToTicks(budget);
        long now;
        do
        {
            RunBatch(p.Op, p.Batch);
            ops += p.Batch;
            now = Stopwatch.GetTimestamp();
        }
        while (now < end);

        p.Allocated += GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        p.Rates[round] = ops / ((now - start) / (double)Stopwatch.Frequency);
        p.TotalOps += ops;
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
