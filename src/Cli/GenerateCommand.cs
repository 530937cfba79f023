using System.CommandLine;
using E2eeConformance.Scenarios.Generation;

namespace E2eeConformance.Cli;

/// <summary>
/// <c>generate</c>: writes the convergence generator's scenario for one seed and operation mix (the file a failing soak
/// seed names), to standard output or a file, for <c>replay --file</c> or for keeping beside one's own scenarios.
/// </summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        Option<ulong> seed = new("--seed") { Description = "The generator's seed.", HelpName = "n", Required = true };
        Option<string> mix = new("--mix") { Description = $"The operation mix: {string.Join(", ", ConvergenceScenarioGenerator.MixNames)}, or flags joined by '-' (membership-chaos). Default: all.", HelpName = "name", DefaultValueFactory = _ => "all" };
        Option<string?> output = new("--out") { Description = "Write the scenario to this file instead of standard output.", HelpName = "path" };
        Command command = new("generate", "Write the convergence generator's scenario for one seed and operation mix (YAML), as the soak runs it; replay it with 'replay --file'.")
        {
            seed,
            mix,
            output,
        };
        command.SetAction(parse => CliOutput.Guard(parse, console =>
            Execute(parse.GetValue(seed), parse.GetValue(mix)!, parse.GetValue(output), console)));
        return command;
    }

    public static int Execute(ulong seed, string mix, string? path, CliOutput output)
    {
        ArgumentNullException.ThrowIfNull(mix);
        ArgumentNullException.ThrowIfNull(output);
        ConvergenceOperations operations = ConvergenceScenarioGenerator.ParseMix(mix)
            ?? throw new UsageException($"unknown operation mix '{mix}': use {string.Join(", ", ConvergenceScenarioGenerator.MixNames)}, or flags joined by '-' ({string.Join(", ", ConvergenceScenarioGenerator.FlagNames)})");
        GeneratedScenario generated = new ConvergenceScenarioGenerator(operations).Generate(seed);
        if (path is null)
        {
            output.Out.Write(generated.Yaml);
            return ExitCodes.Ok;
        }

        try
        {
            File.WriteAllText(path, generated.Yaml);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write {path}: {e.Message}");
        }

        output.Out.WriteLine($"wrote {generated.FileName} ({generated.Scenario.Steps.Count} steps) to {path}; replay: e2ee-conformance replay --file {path} --suite ecc");
        return ExitCodes.Ok;
    }
}
