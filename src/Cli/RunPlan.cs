using System.Globalization;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Cli;

/// <summary>
/// What <c>run</c> will do: the selection (<c>--scenario</c>, <c>--file</c>), filtered by tags, planned over the suites
/// (<c>--suite</c>, <c>--include-disabled</c>), cut to one shard (<c>--shard</c>) and swept over seeds
/// (<c>--seeds</c>), each item with its position in the whole plan. It can also say why nothing would run.
/// </summary>
internal sealed class RunPlan
{
    private readonly string? _emptyBecause;

    private RunPlan(IReadOnlyList<PlanItem> items, int planSize, string? emptyBecause)
    {
        Items = items;
        PlanSize = planSize;
        _emptyBecause = emptyBecause;
    }

    /// <summary>This job's runs (its shard's, or the whole plan), in plan order.</summary>
    public IReadOnlyList<PlanItem> Items { get; }

    /// <summary>How many runs the whole (unsharded) plan has, seeds included.</summary>
    public int PlanSize { get; }

    /// <summary>True when none of <see cref="Items"/> is to run (each is disabled or unimplemented, or there are none).</summary>
    public bool NothingToRun => Items.All(i => i.Run.Skip is not null);

    /// <param name="options">The run's options.</param>
    /// <param name="seed">The run-wide seed (resolved from <c>--seed</c>), or null for each scenario's own.</param>
    public static RunPlan Build(RunOptions options, ulong? seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<SelectedScenario> selected = ScenarioSelection.Select(options.Scenarios, options.Files);
        if (!options.Tags.IsEmpty)
        {
            options.Tags.CheckKnown(CatalogView.Load().Scenarios.Concat(selected.Select(s => s.Scenario)));
        }

        List<SelectedScenario> kept = [.. selected.Where(s => options.Tags.Keeps(s.Scenario))];
        IReadOnlyList<string>? suites = ScenarioSelection.Suites(options.Suites, selected.Select(s => s.Scenario));
        List<(PlannedRun Run, string? File)> pairs =
            [.. kept.SelectMany(s => ScenarioRunner.Plan(s.Scenario, suites, options.IncludeDisabled, options.Protocols.Count == 0 ? null : options.Protocols).Select(r => (r, s.File)))];
        IReadOnlyList<(int Position, (PlannedRun Run, string? File) Pair)> mine = options.Shard is { } shard
            ? shard.Deal(pairs, p => p.Run.Skip is null, p => $"{p.Run.Scenario.Name}/{p.Run.SuiteName}")
            : [.. pairs.Select((p, i) => (i, p))];

        List<PlanItem> items = [];
        foreach ((int position, (PlannedRun run, string? file)) in mine)
        {
            for (int k = 0; k < options.Seeds; k++)
            {
                ulong? itemSeed = options.Seeds == 1 ? seed : SeedSweep.Derive(ScenarioRunner.SeedFor(run.Scenario, seed), k);
                items.Add(new PlanItem(run, file, checked((position * options.Seeds) + k), itemSeed));
            }
        }

        string? empty = kept.Count == 0 && selected.Count > 0 ? $"the tag filters ({options.Tags}) leave none of the {Count(selected.Count, "selected scenario")}"
            : pairs.Count == 0 ? $"no selected scenario runs with {(suites is null ? "any suite" : string.Join(", ", suites))}{(options.Protocols.Count == 0 ? "" : " on " + string.Join(", ", options.Protocols))}"
            : mine.Count == 0 ? $"shard {options.Shard} holds none of the plan's {Count(pairs.Count, "scenario x suite run")}"
            : null;
        return new RunPlan(items, checked(pairs.Count * options.Seeds), empty);
    }

    /// <summary>Why nothing runs (when <see cref="NothingToRun"/>), in one sentence.</summary>
    public string NothingRanReason(RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (_emptyBecause is not null)
        {
            return _emptyBecause;
        }

        int disabled = Items.Count(i => i.Run.Skip == ScenarioOutcome.Disabled);
        int unimplemented = Items.Count - disabled;
        string where = options.Shard is { } shard ? $" (shard {shard})" : "";
        string hint = disabled > 0 && !options.IncludeDisabled ? "; --include-disabled runs the disabled ones" : "";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"the selection{where} has {Count(Items.Count, "run")} and none of them runs: {disabled} disabled, {unimplemented} unimplemented (the reasons are above){hint}");
    }

    private static string Count(int n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? "" : "s")}");
}
