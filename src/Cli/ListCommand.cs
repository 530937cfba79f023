using System.CommandLine;
using System.Text;
using E2eeConformance.Scenarios.Running;
using Spectre.Console;

namespace E2eeConformance.Cli;

/// <summary>
/// <c>list</c>: the catalog (or the scenarios of <c>--file</c>): name, tags, the suites each runs with, the suites it
/// does not run with (numbered reasons below the table) and the description.
/// </summary>
internal static class ListCommand
{
    public static Command Create()
    {
        Option<string[]> files = CommonOptions.Files("List this scenario file's scenario instead of the catalog (repeatable).");
        Command command = new("list", "List the built-in scenarios: name, tags, the suites each runs with (and those it does not, with the reason), description.")
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
        CatalogView? catalog = files.Count > 0 ? null : CatalogView.Load();
        IReadOnlyList<SelectedScenario> scenarios = catalog is null
            ? ScenarioSelection.LoadFiles(files)
            : [.. catalog.Scenarios.Select(s => new SelectedScenario(s, null))];

        List<string> reasons = [];
        List<Row> rows = [.. scenarios.Select(s => ToRow(s, reasons))];
        if (output.Interactive)
        {
            WriteTable(output.Ansi(), rows);
        }
        else
        {
            WritePlain(output.Out, rows);
        }

        for (int i = 0; i < reasons.Count; i++)
        {
            output.Out.WriteLine($"[{(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)}] {reasons[i]}");
        }

        output.Out.WriteLine($"{scenarios.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)} scenario{(scenarios.Count == 1 ? "" : "s")}");
        foreach (string error in catalog?.Errors ?? [])
        {
            output.Error.WriteLine($"error: a catalog file does not load: {error}");
        }

        return catalog is { Errors.Count: > 0 } ? ExitCodes.Usage : ExitCodes.Ok;
    }

    /// <summary>How a planned run is named in the list: its suite, prefixed by its family when not E2EE Security (as in the reports' matrix).</summary>
    private static string Column(PlannedRun p) => p.Protocol == E2eeConformance.Scenarios.Model.Scenario.DefaultProtocol ? p.SuiteName : $"{p.Protocol}/{p.SuiteName}";

    private static Row ToRow(SelectedScenario selected, List<string> reasons)
    {
        IReadOnlyList<PlannedRun> plan = ScenarioRunner.Plan(selected.Scenario);
        string runs = string.Join(", ", plan.Where(p => p.Skip is null).Select(Column));
        string notRun = string.Join(", ", plan.Where(p => p.Skip is not null).Select(p =>
        {
            string reason = $"{ResultPrinter.Word(p.Skip!.Value).ToLowerInvariant()}: {p.Reason}";
            int index = reasons.IndexOf(reason);
            if (index < 0)
            {
                reasons.Add(reason);
                index = reasons.Count - 1;
            }

            return $"{Column(p)} [{(index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)}]";
        }));
        return new Row(
            selected.Scenario.Name,
            string.Join(", ", selected.Scenario.Tags),
            runs.Length > 0 ? runs : "-",
            notRun.Length > 0 ? notRun : "-",
            selected.Scenario.Description);
    }

    private static void WriteTable(IAnsiConsole console, IReadOnlyList<Row> rows)
    {
        Table table = new Table().Border(TableBorder.Rounded);
        table.AddColumns("Scenario", "Tags", "Runs with", "Not with", "Description");
        foreach (Row row in rows)
        {
            table.AddRow(new Text(row.Name), new Text(row.Tags), new Text(row.Runs), new Text(row.NotRun), new Text(row.Description));
        }

        console.Write(table);
    }

    private static void WritePlain(TextWriter output, IReadOnlyList<Row> rows)
    {
        Row header = new("SCENARIO", "TAGS", "RUNS WITH", "NOT WITH", "DESCRIPTION");
        List<Row> all = [header, .. rows];
        int name = all.Max(r => r.Name.Length), tags = all.Max(r => r.Tags.Length), runs = all.Max(r => r.Runs.Length), notRun = all.Max(r => r.NotRun.Length);
        foreach (Row row in all)
        {
            StringBuilder line = new();
            line.Append(row.Name.PadRight(name)).Append("  ")
                .Append(row.Tags.PadRight(tags)).Append("  ")
                .Append(row.Runs.PadRight(runs)).Append("  ")
                .Append(row.NotRun.PadRight(notRun)).Append("  ")
                .Append(ResultPrinter.Ascii(row.Description));
            output.WriteLine(line.ToString().TrimEnd());
        }
    }

    private sealed record Row(string Name, string Tags, string Runs, string NotRun, string Description);
}
