using System.Globalization;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Reports;

/// <summary>
/// Merges <c>results.json</c> files into one document (<c>report merge</c>). Shards of one plan (<c>--shard K/N</c>)
/// are put back in plan order by each record's index, so the merged reports equal those of one unsharded run (apart
/// from durations and start times); whole runs are put one after the other, in the order given. The merged start is
/// the earliest start, the duration runs to the latest end, the seed is kept when every input has the same.
/// </summary>
public static class ResultsFileMerge
{
    /// <summary>Reads and merges the files (or directories holding one); every problem is a <see cref="ResultsFileException"/>.</summary>
    /// <param name="paths">At least one results file or report directory.</param>
    /// <param name="toolVersion">The version of the command merging, written into the merged document.</param>
    public static ResultsFileDocument Merge(IReadOnlyList<string> paths, string toolVersion)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(toolVersion);
        if (paths.Count == 0)
        {
            throw new ArgumentException("at least one results file is needed", nameof(paths));
        }

        List<Input> inputs = [.. paths.Select(p => new Input(p, ResultsFile.Read(p)))];
        bool sharded = inputs.Any(i => i.Document.Run.Shard is not null);
        if (sharded)
        {
            RejectOtherPlans(inputs);
        }

        RejectDuplicates(inputs);
        if (sharded)
        {
            RejectRepeatedShards(inputs);
        }

        return sharded ? Shards(inputs, toolVersion) : Concatenate(inputs, toolVersion);
    }

    /// <summary>The shards of <see cref="ResultsFileRun.MergedShards"/>' plan that were not merged (1/3 when only 2/3 and 3/3 were).</summary>
    public static IReadOnlyList<ResultsFileShard> Missing(ResultsFileRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.MergedShards.Count == 0)
        {
            return [];
        }

        int count = run.MergedShards[0].Count;
        return [.. Enumerable.Range(1, count).Where(k => run.MergedShards.All(s => s.Index != k)).Select(k => new ResultsFileShard(k, count))];
    }

    private static void RejectDuplicates(IReadOnlyList<Input> inputs)
    {
        Dictionary<(string, string, ulong, string, string), string> seen = [];
        foreach (Input input in inputs)
        {
            foreach (ScenarioResult r in input.Document.Records.Select(x => x.Result))
            {
                if (!seen.TryAdd((r.Scenario, r.Suite, r.Seed, r.Implementation, r.Protocol), input.Path))
                {
                    throw new ResultsFileException(
                        ResultsFileException.DuplicateRecordCode,
                        string.Create(CultureInfo.InvariantCulture, $"{r.Scenario} [{ReportFormat.Column(r)}] seed {r.Seed} is in both {seen[(r.Scenario, r.Suite, r.Seed, r.Implementation, r.Protocol)]} and {input.Path}"));
                }
            }
        }
    }

    /// <summary>Every input is a shard of one split of one plan.</summary>
    private static void RejectOtherPlans(IReadOnlyList<Input> inputs)
    {
        Input first = inputs.First(i => i.Document.Run.Shard is not null);
        ResultsFileRun plan = first.Document.Run;
        foreach (Input input in inputs)
        {
            ResultsFileRun run = input.Document.Run;
            if (run.Shard is not { } shard)
            {
                throw Mismatch($"{input.Path} is a whole run and {first.Path} is shard {plan.Shard}; merge shards of one plan, or whole runs");
            }

            if (shard.Count != plan.Shard!.Count || run.PlanSize != plan.PlanSize || run.Seeds != plan.Seeds)
            {
                throw Mismatch($"{input.Path} is shard {shard} of a plan of {Runs(run.PlanSize)} ({Seeds(run.Seeds)}), {first.Path} is shard {plan.Shard} of a plan of {Runs(plan.PlanSize)} ({Seeds(plan.Seeds)})");
            }

        }
    }

    /// <summary>No shard is given twice (checked after the records, so two copies of a shard report their first common run).</summary>
    private static void RejectRepeatedShards(IReadOnlyList<Input> inputs)
    {
        Dictionary<int, string> shards = [];
        foreach (Input input in inputs)
        {
            ResultsFileShard shard = input.Document.Run.Shard!;
            if (!shards.TryAdd(shard.Index, input.Path))
            {
                throw new ResultsFileException(ResultsFileException.DuplicateRecordCode, $"shard {shard} is both {shards[shard.Index]} and {input.Path}");
            }
        }
    }

    private static ResultsFileDocument Shards(IReadOnlyList<Input> inputs, string toolVersion)
    {
        ResultsFileRun plan = inputs[0].Document.Run;
        int count = plan.Shard!.Count;
        List<ResultsFileRecord> records = [.. inputs.SelectMany(i => i.Document.Records).OrderBy(r => r.Index)];
        ResultsFileRecord? clash = records.Zip(records.Skip(1)).Where(p => p.First.Index == p.Second.Index).Select(p => p.Second).FirstOrDefault();
        if (clash is not null)
        {
            throw Mismatch(string.Create(CultureInfo.InvariantCulture, $"two shards hold run {clash.Index} of the plan: the shards come from different selections"));
        }

        if (inputs.Count == count && records.Count != plan.PlanSize)
        {
            throw Mismatch(string.Create(CultureInfo.InvariantCulture, $"the {count} shards hold {Runs(records.Count)}, but their plan has {Runs(plan.PlanSize)}"));
        }

        List<ResultsFileShard> merged = [.. inputs.Select(i => i.Document.Run.Shard!).OrderBy(s => s.Index)];
        return new ResultsFileDocument(Combined(inputs, toolVersion, plan.PlanSize, plan.Seeds, merged), records);
    }

    private static ResultsFileDocument Concatenate(IReadOnlyList<Input> inputs, string toolVersion)
    {
        List<ResultsFileRecord> records = [];
        foreach (ResultsFileRecord record in inputs.SelectMany(i => i.Document.Records.OrderBy(r => r.Index)))
        {
            records.Add(record with { Index = records.Count });
        }

        int planSize = inputs.Sum(i => i.Document.Run.PlanSize);
        int seeds = inputs.Max(i => i.Document.Run.Seeds);
        return new ResultsFileDocument(Combined(inputs, toolVersion, planSize, seeds, []), records);
    }

    private static ResultsFileRun Combined(IReadOnlyList<Input> inputs, string toolVersion, int planSize, int seeds, IReadOnlyList<ResultsFileShard> merged)
    {
        List<ResultsFileRun> runs = [.. inputs.Select(i => i.Document.Run)];
        bool sameSeed = runs.All(r => r.Seed == runs[0].Seed && r.SeedRandom == runs[0].SeedRandom);
        DateTimeOffset started = runs.Min(r => r.Started);
        DateTimeOffset ended = runs.Max(r => r.Started + r.Duration);
        return new ResultsFileRun(
            sameSeed ? runs[0].Seed : null,
            sameSeed && runs[0].SeedRandom,
            seeds,
            started,
            ended - started,
            toolVersion,
            null,
            planSize,
            merged);
    }

    private static ResultsFileException Mismatch(string message) => new(ResultsFileException.PlanMismatchCode, message);

    private static string Runs(int count) => string.Create(CultureInfo.InvariantCulture, $"{count} run{(count == 1 ? "" : "s")}");

    private static string Seeds(int count) => string.Create(CultureInfo.InvariantCulture, $"{count} seed{(count == 1 ? "" : "s")} each");

    private sealed record Input(string Path, ResultsFileDocument Document);
}
