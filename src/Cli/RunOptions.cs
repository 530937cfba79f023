using System.CommandLine;

namespace E2eeConformance.Cli;

/// <summary>What <c>run</c> (and the root command) was asked to do.</summary>
/// <param name="Scenarios">Catalog (or file) scenario names; empty means the whole catalog (unless files are given).</param>
/// <param name="Suites">Suite names; empty means every suite.</param>
/// <param name="Seed">The <c>--seed</c> choice, or null for each scenario's own seed.</param>
/// <param name="Files">Scenario files to run.</param>
/// <param name="ReportDirectory">Where junit.xml, summary.md, report.html and results.json go.</param>
/// <param name="NoProgress">No progress bar even on an interactive console.</param>
/// <param name="Transcripts">Print every run's transcript, and show every run in full in report.html.</param>
/// <param name="Jobs">How many runs at once.</param>
internal sealed record RunOptions(
    IReadOnlyList<string> Scenarios,
    IReadOnlyList<string> Suites,
    SeedChoice? Seed,
    IReadOnlyList<string> Files,
    string ReportDirectory,
    bool NoProgress,
    bool Transcripts,
    int Jobs)
{
    /// <summary>Run only this shard of the plan (<c>--shard K/N</c>); null: the whole plan.</summary>
    public RunShard? Shard { get; init; }

    /// <summary>The <c>--tag</c> and <c>--exclude-tag</c> filters.</summary>
    public TagFilter Tags { get; init; } = new([], []);

    /// <summary>Run the combinations that are disabled by default (<c>--include-disabled</c>).</summary>
    public bool IncludeDisabled { get; init; }

    /// <summary>How many seeds each scenario × suite runs with (<c>--seeds</c>).</summary>
    public int Seeds { get; init; } = 1;

    /// <summary>A run in which nothing ran exits 0 rather than <see cref="ExitCodes.NothingRan"/> (<c>--allow-empty</c>).</summary>
    public bool AllowEmpty { get; init; }

    /// <summary>The implementation every device is (<c>--impl</c>): <c>engine</c> in process, or <c>shim</c>, our engine out of process.</summary>
    public string Implementation { get; init; } = "engine";

    /// <summary>Two implementations whose devices alternate by user, run both ways round (<c>--pair A,B</c>); null: none.</summary>
    public string? Pair { get; init; }

    /// <summary>The protocol families to run (<c>--protocol</c>); empty: every family.</summary>
    public IReadOnlyList<string> Protocols { get; init; } = [];
}

/// <summary>The options of <c>run</c>, created once per command (the root command gets its own set).</summary>
internal sealed class RunOptionSet
{
    public Option<string[]> Scenario { get; } = CommonOptions.Scenarios();

    public Option<string[]> Suite { get; } = CommonOptions.Suites();

    public Option<SeedChoice?> Seed { get; } = CommonOptions.Seed("Seed for every run, overriding each scenario's own; 'random' draws one (printed first).");

    public Option<string[]> File { get; } = CommonOptions.Files(
        "Run this scenario file (repeatable). With --file the catalog runs only the scenarios named by --scenario.");

    public Option<string> Report { get; } = new("--report")
    {
        Description = "Directory for junit.xml, summary.md, report.html and results.json.",
        HelpName = "dir",
        DefaultValueFactory = _ => "reports",
    };

    public Option<bool> NoProgress { get; } = new("--no-progress") { Description = "Plain result lines only, no progress bar." };

    public Option<bool> Transcripts { get; } = new("--transcripts") { Description = "Print every run's transcript; report.html then shows every run's diagram and transcript, not only the failures'." };

    public Option<int> Jobs { get; } = CommonOptions.Jobs();

    public Option<RunShard?> Shard { get; } = new("--shard")
    {
        Description = "Run only shard K of N of the plan (e.g. 2/3): the scenario x suite runs, ordered by a stable hash of \"scenario/suite\", are dealt round-robin (those that run and those that do not, separately), so N jobs with the same options run the plan exactly once; merge their reports with 'report merge'.",
        HelpName = "k/n",
        CustomParser = RunShard.Parse,
    };

    public Option<string[]> Tag { get; } = new("--tag")
    {
        Description = "Run only the scenarios with this tag (repeatable: any of them).",
        HelpName = "tag",
        DefaultValueFactory = _ => [],
    };

    public Option<string[]> ExcludeTag { get; } = new("--exclude-tag")
    {
        Description = "Leave out the scenarios with this tag (repeatable).",
        HelpName = "tag",
        DefaultValueFactory = _ => [],
    };

    public Option<bool> IncludeDisabled { get; } = new("--include-disabled")
    {
        Description = "Also run the combinations that are disabled by default (the slow SLH-DSA suite with scenarios not tagged 'small', a scenario's 'disabled' reason).",
    };

    public Option<int> Seeds { get; } = CommonOptions.Seeds();

    public Option<bool> AllowEmpty { get; } = new("--allow-empty")
    {
        Description = "Exit 0 when nothing ran (everything filtered out, disabled or unimplemented) instead of 3.",
    };

    public Option<string> Impl { get; } = new("--impl")
    {
        Description = "Every device is this implementation: 'engine' (in process, the default), the name of a config in ./implementations or built in ('shim': our engine out of process through the adapter protocol of docs/ADAPTER.md; 'deviant': the same with known deviations), or the path of a config file (docs/IMPLEMENTATIONS.md).",
        HelpName = "name|file",
        DefaultValueFactory = _ => "engine",
    };

    public Option<string?> Pair { get; } = new("--pair")
    {
        Description = "Run every scenario across two implementations (names or config files, as --impl): the scenario's users alternate between them, and each run happens both ways round (A,B then B,A).",
        HelpName = "a,b",
    };

    public Option<string[]> Protocol { get; } = new("--protocol")
    {
        Description = "Run only the scenarios of this protocol family (repeatable: e2ee-security, sender-keys, room-keys); a scenario shared by several families runs on the named ones only. Default: every family.",
        HelpName = "family",
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Scenario);
        command.Options.Add(Suite);
        command.Options.Add(Seed);
        command.Options.Add(File);
        command.Options.Add(Report);
        command.Options.Add(NoProgress);
        command.Options.Add(Transcripts);
        command.Options.Add(Jobs);
        command.Options.Add(Shard);
        command.Options.Add(Tag);
        command.Options.Add(ExcludeTag);
        command.Options.Add(IncludeDisabled);
        command.Options.Add(Seeds);
        command.Options.Add(AllowEmpty);
        command.Options.Add(Impl);
        command.Options.Add(Pair);
        command.Options.Add(Protocol);
    }

    public RunOptions Read(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new RunOptions(
            parse.GetValue(Scenario) ?? [],
            parse.GetValue(Suite) ?? [],
            parse.GetValue(Seed),
            parse.GetValue(File) ?? [],
            parse.GetValue(Report) ?? "reports",
            parse.GetValue(NoProgress),
            parse.GetValue(Transcripts),
            parse.GetValue(Jobs))
        {
            Shard = parse.GetValue(Shard),
            Tags = new TagFilter(parse.GetValue(Tag) ?? [], parse.GetValue(ExcludeTag) ?? []),
            IncludeDisabled = parse.GetValue(IncludeDisabled),
            Seeds = parse.GetValue(Seeds),
            AllowEmpty = parse.GetValue(AllowEmpty),
            Implementation = parse.GetValue(Impl) ?? "engine",
            Pair = parse.GetValue(Pair),
            Protocols = ScenarioSelection.Protocols(parse.GetValue(Protocol) ?? []),
        };
    }
}
