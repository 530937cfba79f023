using System.CommandLine;
using System.Globalization;
using E2eeConformance.Scenarios.Conformance;
using E2eeConformance.Scenarios.Reports;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Cli;

/// <summary>
/// <c>report merge DIR… [--report OUT]</c>: reads the <c>results.json</c> of several runs (typically the shards of one
/// plan) and writes one set of reports — junit.xml, summary.md, report.html, results.json — as one run would have;
/// <c>report conformance DIR… [--report OUT]</c>: the conformance report of each implementation in them.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        Command report = new("report", "Work with the reports runs wrote.");
        report.Subcommands.Add(MergeCommand());
        report.Subcommands.Add(ConformanceCommand());
        return report;
    }

    /// <summary>
    /// <c>report conformance</c>: judges each implementation of the results against the whitepaper behaviours and
    /// writes <c>conformance.md</c>; prints one line per implementation. 0 when none deviates, 1 when one does.
    /// </summary>
    public static int Conformance(IReadOnlyList<string> inputs, string directory, CliOutput output)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(output);
        List<ScenarioResult> results = [];
        try
        {
            foreach (string input in inputs)
            {
                results.AddRange(ResultsFile.Read(input).Records.Select(r => r.Result));
            }
        }
        catch (ResultsFileException e)
        {
            output.Error.WriteLine($"error: {e.Message} ({e.Code})");
            return ExitCodes.Usage;
        }

        IReadOnlyList<ImplementationConformance> judged = ImplementationConformance.Judge(results, BehaviourCatalog.All);
        foreach (ImplementationConformance implementation in judged)
        {
            output.Out.WriteLine(ConformanceMarkdown.SummaryLine(implementation));
            foreach (BehaviourVerdict deviation in implementation.Behaviours.Where(b => b.Verdict == Verdict.Deviates))
            {
                IEnumerable<string> named = deviation.Evidence.SelectMany(e => e.KnownDeviations).Distinct(StringComparer.Ordinal);
                output.Out.WriteLine($"  deviates: {deviation.Behaviour.Id} ({string.Join(", ", deviation.Evidence.Select(e => e.Scenario).Distinct(StringComparer.Ordinal))}){(named.Any() ? " — " + string.Join("; ", named) : "")}");
            }
        }

        string root = Path.GetFullPath(directory);
        Directory.CreateDirectory(root);
        string path = Path.Combine(root, ConformanceMarkdown.FileName);
        File.WriteAllText(path, ConformanceMarkdown.Render(judged));
        output.Out.WriteLine($"report: {path}");
        return judged.Any(j => j.Deviates) ? ExitCodes.Failed : ExitCodes.Ok;
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

    private static Command MergeCommand() => Subcommand(
        "merge",
        "Merge the results.json of several runs (the shards of one plan: in plan order, as one unsharded run) into one set of reports; exit 0 when no merged run failed, 1 when one did, 2 when a file is missing, malformed or conflicts with another.",
        "The report directories (or results.json files) of the runs to merge, e.g. the shards 1/N to N/N of one plan.",
        "Directory for the merged junit.xml, summary.md, report.html and results.json.",
        Merge);

    private static Command ConformanceCommand() => Subcommand(
        "conformance",
        "A conformance report per implementation (conformance.md): which whitepaper behaviours it meets and which it deviates from, with the scenario and the failure as evidence; exit 0 when none deviates, 1 when one does, 2 when a file is missing or malformed.",
        "The report directories (or results.json files) of the runs to judge, e.g. of 'run --impl NAME' or 'run --pair A,B'.",
        "Directory for conformance.md.",
        Conformance);

    /// <summary>A subcommand of <c>report</c>: one or more report directories in, a <c>--report</c> directory out.</summary>
    private static Command Subcommand(string name, string description, string inputsDescription, string reportDescription, Func<IReadOnlyList<string>, string, CliOutput, int> body)
    {
        Argument<string[]> inputs = new("dir") { Description = inputsDescription, Arity = ArgumentArity.OneOrMore };
        Option<string> report = new("--report") { Description = reportDescription, HelpName = "dir", DefaultValueFactory = _ => "reports" };
        Command command = new(name, description) { inputs, report };
        command.SetAction(parse => CliOutput.Guard(parse, output => body(parse.GetValue(inputs) ?? [], parse.GetValue(report) ?? "reports", output)));
        return command;
    }

    private static string Count(int n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? "" : "s")}");
}
