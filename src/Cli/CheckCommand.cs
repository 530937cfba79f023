using System.CommandLine;
using System.Globalization;
using E2eeConformance.Scenarios;
using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;

namespace E2eeConformance.Cli;

/// <summary><c>check</c>: validates scenario files without running them (the built-in catalog's when no file is given).</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        Option<string[]> files = CommonOptions.Files("A scenario file to check (repeatable); default: every built-in catalog file.");
        Command command = new("check", "Validate scenario files without running them: 'ok: name (N steps)' or the format error (file:line:column); exit 2 on any error.")
        {
            files,
        };
        command.SetAction(parse => CliOutput.Guard(parse, output => Execute(parse.GetValue(files) ?? [], output)));
        return command;
    }

    public static int Execute(IReadOnlyList<string> files, CliOutput output)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(output);
        IEnumerable<(string Name, Func<Scenario> Load)> sources = files.Count > 0
            ? files.Select(f => (f, (Func<Scenario>)(() => Load(f))))
            : BuiltInCatalog.FileNames.Select(f => ("catalog/" + f, (Func<Scenario>)(() => BuiltInCatalog.Parse(f))));

        int errors = 0;
        Dictionary<string, string> names = new(StringComparer.OrdinalIgnoreCase);
        foreach ((string source, Func<Scenario> load) in sources)
        {
            try
            {
                Scenario scenario = load();
                if (names.TryGetValue(scenario.Name, out string? first))
                {
                    errors++;
                    output.Error.WriteLine($"error: {source}: the scenario name {scenario.Name} is also used by {first}");
                    continue;
                }

                names[scenario.Name] = source;
                output.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ok: {scenario.Name} ({scenario.Steps.Count} steps)"));
            }
            catch (ScenarioFormatException e)
            {
                errors++;
                output.Error.WriteLine($"error: {e.Message}");
            }
            catch (UsageException e)
            {
                errors++;
                output.Error.WriteLine($"error: {e.Message}");
            }
        }

        return errors == 0 ? ExitCodes.Ok : ExitCodes.Usage;
    }

    private static Scenario Load(string path) =>
        File.Exists(path) ? ScenarioLoader.LoadFile(path) : throw new UsageException($"no such scenario file: {path}");
}
