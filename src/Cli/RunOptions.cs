using System.CommandLine;

namespace E2eeConformance.Cli;

/// <summary>What <c>run</c> (and the root command) was asked to do.</summary>
/// <param name="Scenarios">Catalog (or file) scenario names; empty means the whole catalog (unless files are given).</param>
/// <param name="Suites">Suite names; empty means every suite.</param>
/// <param name="Seed">The <c>--seed</c> choice, or null for each scenario's own seed.</param>
/// <param name="Files">Scenario files to run.</param>
/// <param name="ReportDirectory">Where junit.xml, summary.md and report.html go.</param>
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
    int Jobs);

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
        Description = "Directory for junit.xml, summary.md and report.html.",
        HelpName = "dir",
        DefaultValueFactory = _ => "reports",
    };

    public Option<bool> NoProgress { get; } = new("--no-progress") { Description = "Plain result lines only, no progress bar." };

    public Option<bool> Transcripts { get; } = new("--transcripts") { Description = "Print every run's transcript; report.html then shows every run's diagram and transcript, not only the failures'." };

    public Option<int> Jobs { get; } = CommonOptions.Jobs();

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
            parse.GetValue(Jobs));
    }
}
