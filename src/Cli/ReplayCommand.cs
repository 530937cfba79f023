using System.CommandLine;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Cli;

/// <summary>
/// <c>replay</c>: runs exactly one scenario × suite with one seed and prints the whole transcript, then the result line
/// (the command a failed <c>run</c> prints for each failure).
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        Option<string?> scenario = new("--scenario") { Description = "The scenario (a catalog name, or the --file's scenario).", HelpName = "name" };
        Option<string> suite = new("--suite") { Description = "The cipher suite (a name or a 0x pack id).", HelpName = "name", Required = true };
        Option<SeedChoice?> seed = CommonOptions.Seed("The seed (default: the scenario's own); 'random' draws one.");
        Option<string?> file = new("--file") { Description = "Take the scenario from this file instead of the catalog.", HelpName = "path" };
        Option<bool> includeDisabled = new("--include-disabled") { Description = "Run the combination even when it is disabled by default (as run --include-disabled does)." };
        Option<string> impl = new("--impl")
        {
            Description = "The implementation of every device (as run --impl), or A+B: a pairing, the users alternating between A (the first user) and B.",
            HelpName = "name|file|a+b",
            DefaultValueFactory = _ => DeviceImplementation.EngineName,
        };
        Command command = new("replay", "Run one scenario with one suite and seed, print its full transcript and the result; exit 0 when it did not fail, 1 when it failed, 2 on a usage error.")
        {
            scenario,
            suite,
            seed,
            file,
            includeDisabled,
            impl,
        };
        command.SetAction(parse => CliOutput.Guard(parse, output =>
            Execute(parse.GetValue(scenario), parse.GetValue(suite)!, parse.GetValue(seed), parse.GetValue(file), output, parse.GetValue(includeDisabled), parse.GetValue(impl) ?? DeviceImplementation.EngineName)));
        return command;
    }

    public static int Execute(string? name, string suite, SeedChoice? seed, string? file, CliOutput output, bool includeDisabled = false, string implementation = DeviceImplementation.EngineName)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(output);
        SelectedScenario selected = Resolve(name, file);
        Scenario scenario = selected.Scenario;
        IReadOnlyList<string> suites = ScenarioSelection.Suites([suite], [scenario])!;
        IReadOnlyList<PlannedRun> plan = ScenarioRunner.Plan(scenario, suites, includeDisabled);
        if (plan.Count == 0)
        {
            throw new UsageException($"the scenario {scenario.Name} does not run with the suite {suites[0]}; it runs with: {string.Join(", ", ScenarioRunner.Plan(scenario).Select(p => p.SuiteName))}");
        }

        ulong? chosen = seed?.Resolve();
        output.Out.WriteLine(ResultPrinter.SeedLine(ScenarioRunner.SeedFor(scenario, chosen), seed?.Random == true));
        ImplementationAssignment assignment = ImplementationChoice.Replayed(implementation, Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
        PlanItem item = new(ScenarioRunner.ForImplementations(plan[0], assignment, includeDisabled), selected.File, 0, chosen) { Implementations = assignment };
        ScenarioResult result = PlanExecutor.RunOne(item.Run, item.Seed, item.Implementations);
        if (result.Transcript.Length > 0)
        {
            foreach (string line in result.Transcript.Split('\n'))
            {
                output.Out.WriteLine(line);
            }
        }

        output.Out.WriteLine(ResultPrinter.For([item], output.Out, transcripts: false, includeDisabled: includeDisabled).Line(result));
        return result.Outcome == ScenarioOutcome.Fail ? ExitCodes.Failed : ExitCodes.Ok;
    }

    private static SelectedScenario Resolve(string? name, string? file)
    {
        if (file is null)
        {
            return name is null
                ? throw new UsageException("replay needs --scenario NAME (or --file PATH)")
                : ScenarioSelection.Select([name], [])[0];
        }

        SelectedScenario fromFile = ScenarioSelection.LoadFiles([file])[0];
        return name is null || string.Equals(name, fromFile.Scenario.Name, StringComparison.OrdinalIgnoreCase)
            ? fromFile
            : throw new UsageException($"the file {file} holds the scenario {fromFile.Scenario.Name}, not {name}");
    }
}
