using System.CommandLine;
using System.Globalization;
using E2eeConformance.Scenarios.Reports;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Cli;

/// <summary>
/// <c>report merge DIR… [--report OUT]</c>: reads the <c>results.json</c> of several runs (typically the shards of one
/// plan) and writes one set of reports — junit.xml, summary.md, report.html, results.json — as one run would have.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        Command report = new("report", "Work with the reports runs wrote.");
        report.Subcommands.Add(MergeCommand());
        return report;
    }

    public static int Merge(IReadOnlyList<string> inputs, string directory, CliOutput output)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(output);
        ResultsFileDocument merged;
        try
        {
            merged = ResultsFileMerge.Merge(inputs, ToolInfo.Version);
        }
        catch (ResultsFileException e)
        {
            output.Error.WriteLine($"error: {e.Message} ({e.Code})");
            return ExitCodes.Usage;
        }

        string from = merged.Run.MergedShards.Count > 0
            ? $"shards {string.Join(", ", merged.Run.MergedShards)}"
            : $"{Count(inputs.Count, "run")}";
        output.Out.WriteLine($"merged {from}: {Count(merged.Records.Count, "run")}");
        foreach (ResultsFileShard missing in ResultsFileMerge.Missing(merged.Run))
        {
            output.Error.WriteLine($"warning: shard {missing} is missing: the merged reports hold {merged.Records.Count.ToString(CultureInfo.InvariantCulture)} of the plan's {merged.Run.PlanSize.ToString(CultureInfo.InvariantCulture)} runs");
        }

        RunSummary summary = merged.ToSummary();
        ResultPrinter printer = new(output.Out, ResultPrinter.Word(ScenarioOutcome.Fail).Length, 0, transcripts: false, showSeeds: merged.Run.Seeds > 1);
        foreach (ResultsFileRecord failed in merged.Records.Where(r => r.Result.Outcome == ScenarioOutcome.Fail))
        {
            printer.Print(failed.Result with { Transcript = "" }, failed.File);
        }

        output.Out.WriteLine(ResultPrinter.Summary(summary));
        foreach (string path in RunReports.Write(merged, directory))
        {
            output.Out.WriteLine($"report: {path}");
        }

        return summary.AnyFailed ? ExitCodes.Failed : ExitCodes.Ok;
    }

    private static Command MergeCommand()
    {
        Argument<string[]> inputs = new("dir")
        {
            Description = "The report directories (or results.json files) of the runs to merge, e.g. the shards 1/N to N/N of one plan.",
            Arity = ArgumentArity.OneOrMore,
        };
        Option<string> report = new("--report")
        {
            Description = "Directory for the merged junit.xml, summary.md, report.html and results.json.",
            HelpName = "dir",
            DefaultValueFactory = _ => "reports",
        };
        Command merge = new(
            "merge",
            "Merge the results.json of several runs (the shards of one plan: in plan order, as one unsharded run) into one set of reports; exit 0 when no merged run failed, 1 when one did, 2 when a file is missing, malformed or conflicts with another.")
        {
            inputs,
            report,
        };
        merge.SetAction(parse => CliOutput.Guard(parse, output => Merge(parse.GetValue(inputs) ?? [], parse.GetValue(report) ?? "reports", output)));
        return merge;
    }

    private static string Count(int n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? "" : "s")}");
}
