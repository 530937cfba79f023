using System.CommandLine;
using System.Globalization;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Fuzzing;

namespace E2eeConformance.Cli;

/// <summary>
/// <c>fuzz</c> (issue 14 §3, docs/FUZZING.md): generates random scenarios of a profile from a seed, runs each in process
/// with the runner's invariants, shrinks the first failure of each kind to a small scenario file that fails the same way
/// and prints its path and the command that replays it; a line per failure, then a summary. Exit 1 when a run failed.
/// </summary>
internal static class FuzzCommand
{
    /// <summary>The default directory shrunk scenarios are written to.</summary>
    public const string DefaultOutput = "reports/fuzz";

    /// <summary>The most runs one command makes.</summary>
    public const int MaxRuns = 1_000_000;

    /// <summary>How many scenarios a fuzz run generates when <c>--runs</c> is not given.</summary>
    public const int DefaultRuns = 100;

    public static Command Create()
    {
        Option<SeedChoice?> seed = CommonOptions.Seed("The first run's seed (run i uses seed+i, so '--seed S+i --runs 1' repeats it); 'random' draws one. Default: random.");
        Option<int> runs = new("--runs")
        {
            Description = "How many scenarios to generate and run.",
            HelpName = "n",
            DefaultValueFactory = _ => DefaultRuns,
            CustomParser = result => CommonOptions.WholeNumber(result, "--runs", 1, MaxRuns),
        };
        Option<string> profile = new("--profile")
        {
            Description = $"What the scenarios are made of: {string.Join(", ", FuzzProfiles.All.Select(p => p.Name()))}. Default: one2one.",
            HelpName = "name",
            DefaultValueFactory = _ => FuzzProfile.One2One.Name(),
        };
        Option<string> suite = new("--suite") { Description = "The cipher suite of every run. Default: ecc.", HelpName = "name", DefaultValueFactory = _ => CipherSuite.Ecc.Name };
        Option<string> output = new("--out") { Description = $"Where shrunk failing scenarios are written (fuzz-SEED-N.yaml). Default: {DefaultOutput}.", HelpName = "dir", DefaultValueFactory = _ => DefaultOutput };
        Option<int> jobs = CommonOptions.Jobs();
        Option<bool> knownFindings = new("--include-known-findings") { Description = "Also draw the operations left out of the default mix because they show a known finding (docs/FUZZING.md)." };
        Option<bool> noShrink = new("--no-shrink") { Description = "Report failures without shrinking them (no file is written)." };
        Command command = new("fuzz", "Generate random scenarios (users, devices, sends, groups, restarts, clock jumps, network faults, adversary actions) from a seed, run them with the invariants, and shrink each kind of failure to a small scenario file that fails the same way with 'run --file'. Exit 0 when every run passed, 1 when one failed.")
        {
            seed,
            runs,
            profile,
            suite,
            output,
            jobs,
            noShrink,
            knownFindings,
        };
        command.SetAction(parse => CliOutput.Guard(parse, console => Execute(
            new FuzzOptions((parse.GetValue(seed) ?? new SeedChoice(null, Random: true)).Resolve() ?? 0, parse.GetValue(runs), ParseProfile(parse.GetValue(profile)!))
            {
                Suite = ParseSuite(parse.GetValue(suite)!),
                Jobs = parse.GetValue(jobs),
                Shrink = !parse.GetValue(noShrink),
                IncludeKnownFindings = parse.GetValue(knownFindings),
                OutputDirectory = parse.GetValue(output),
            },
            console)));
        return command;
    }

    public static int Execute(FuzzOptions options, CliOutput output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        output.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fuzz: seed {options.Seed}, {options.Runs} runs, profile {options.Profile.Name()}, suite {options.Suite}"));
        FuzzReport report = FuzzCampaign.Run(options, failure => Print(failure, output.Out));
        output.Out.WriteLine();
        output.Out.WriteLine(report.Summary);
        return report.AllPassed ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static void Print(FuzzFailure failure, TextWriter output)
    {
        output.WriteLine(failure.Line);
        if (failure.Shrunk is not { } shrunk)
        {
            return;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  shrunk from {shrunk.Original.StepCount} to {shrunk.Shrunk.StepCount} steps ({shrunk.Runs} candidate runs, {shrunk.Elapsed.TotalSeconds:F1} s{(shrunk.Exhausted ? ", budget spent" : "")}); fails with: {shrunk.Signature}"));
        if (failure.File is { } file)
        {
            output.WriteLine($"  wrote {file}{(failure.Reproduces ? "" : " (warning: read back from disk it did not fail the same way)")}");
            output.WriteLine($"  replay: {FuzzArtifact.ReplayCommand(file)}");
        }
    }

    private static FuzzProfile ParseProfile(string name) =>
        FuzzProfiles.Parse(name) ?? throw new UsageException($"unknown profile '{name}': use {string.Join(", ", FuzzProfiles.All.Select(p => p.Name()))}");

    private static string ParseSuite(string name) =>
        CipherSuite.TryParse(name, out CipherSuite? suite) ? suite.Name : throw new UsageException($"unknown suite '{name}' (implemented: {string.Join(", ", CipherSuite.Named.Select(s => s.Name))})");
}
