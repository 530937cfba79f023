namespace E2eeConformance.Scenarios.Reports;

/// <summary>What a <c>results.json</c> says about the run as a whole (its <c>run</c> object).</summary>
/// <param name="Seed">The run-wide seed (<c>--seed</c>, or the one drawn for <c>--seed random</c>); null when each scenario used its own.</param>
/// <param name="SeedRandom">True when the seed was drawn (<c>--seed random</c>).</param>
/// <param name="Seeds">How many seeds each scenario × suite ran with (<c>--seeds</c>; 1 without it).</param>
/// <param name="Started">When the run started (for a merged file: the earliest start of its inputs).</param>
/// <param name="Duration">Wall time (for a merged file: from the earliest start to the latest end of its inputs).</param>
/// <param name="ToolVersion">The version of the command that wrote the file.</param>
/// <param name="Shard">The shard this run was (<c>--shard K/N</c>), or null for a whole plan.</param>
/// <param name="PlanSize">How many runs the whole (unsharded) plan has: scenario × suite × seed, including those that do not run.</param>
/// <param name="MergedShards">For a file written by <c>report merge</c>: the shards it was merged from (empty otherwise).</param>
public sealed record ResultsFileRun(
    ulong? Seed,
    bool SeedRandom,
    int Seeds,
    DateTimeOffset Started,
    TimeSpan Duration,
    string ToolVersion,
    ResultsFileShard? Shard,
    int PlanSize,
    IReadOnlyList<ResultsFileShard> MergedShards);
