using System.CommandLine;
using System.Diagnostics;
using E2eeConformance.Scenarios.Reports;
using E2eeConformance.Scenarios.Running;
using Spectre.Console;

namespace E2eeConformance.Cli;

/// <summary>
/// <c>run</c> (also what the bare command does): runs the selected scenarios × suites on the embedded in-memory server,
/// prints the seed, one line per result in plan order and a summary, and writes the reports.
/// </summary>
internal static class RunCommand
{
    public const string Description =
        "Run scenarios on the embedded in-memory server (default: the whole catalog with every suite) and write junit.xml, summary.md, report.html and results.json; exit 0 when none failed, 1 when any failed, 2 on a usage error, 3 when nothing ran.";

    public static Command Create()
    {
        Command command = new("run", Description);
        Attach(command);
        return command;
    }

    /// <summary>Gives <paramref name="command"/> run's options and action (the root command runs too).</summary>
    public static void Attach(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        RunOptionSet options = new();
        options.AddTo(command);
        command.SetAction(parse => CliOutput.Guard(parse, output => Execute(options.Read(parse), output)));
    }

    public static int Execute(RunOptions options, CliOutput output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ulong? seed = options.Seed?.Resolve();
        IReadOnlyList<ImplementationAssignment> assignments = ImplementationChoice.Resolve(options, Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
        RunPlan plan = RunPlan.Build(options, seed);
        IReadOnlyList<PlanItem> items = ImplementationChoice.Expand(plan.Items, assignments, options.IncludeDisabled);

        output.Out.WriteLine(ResultPrinter.SeedLine(seed, options.Seed?.Random == true));
        foreach (DeviceImplementation implementation in assignments.SelectMany(a => a.Involved).OfType<DeviceImplementation>().Distinct())
        {
            output.Out.WriteLine($"implementation: {implementation.Name} (each of its devices a process: {implementation.Program} {string.Join(' ', implementation.Arguments)})");
        }

        if (assignments.Count > 1)
        {
            output.Out.WriteLine($"pairing: {assignments[0].Label} and {assignments[1].Label} (users alternate, the first user on the first named)");
        }

        if (options.Seeds > 1)
        {
            output.Out.WriteLine(FormattableString.Invariant(
                $"seeds: {options.Seeds} per scenario x suite, derived from {(seed is null ? "each scenario's seed" : "the seed")} (the first is that seed itself)"));
        }

        if (options.Shard is { } shard)
        {
            output.Out.WriteLine(FormattableString.Invariant($"shard: {shard} ({items.Count} of the plan's {plan.PlanSize} runs)"));
        }

        ResultPrinter printer = ResultPrinter.For(items, output.Out, options.Transcripts, showSeeds: options.Seeds > 1, options.IncludeDisabled);
        DateTimeOffset started = DateTimeOffset.Now;
        Stopwatch watch = Stopwatch.StartNew();
        IReadOnlyList<ScenarioResult> results;
        if (output.Interactive && !options.NoProgress && items.Count > 0)
        {
            results = WithProgress(output.Ansi(), items, options.Jobs);
            for (int i = 0; i < results.Count; i++)
            {
                printer.Print(results[i], items[i].File);
            }
        }
        else
        {
            results = PlanExecutor.Execute(items, options.Jobs, inOrder: (i, result) => printer.Print(result, items[i].File));
        }

        watch.Stop();
        ResultsFileDocument document = new(
            new ResultsFileRun(seed, options.Seed?.Random == true, options.Seeds, started, watch.Elapsed, ToolInfo.Version, options.Shard is { } s ? new ResultsFileShard(s.Index, s.Count) : null, plan.PlanSize * assignments.Count, []),
            [.. results.Select((r, i) => new ResultsFileRecord(items[i].Index, r, items[i].File is { } file ? Path.GetFullPath(file) : null))]);
        RunSummary summary = document.ToSummary();
        output.Out.WriteLine();
        output.Out.WriteLine(ResultPrinter.Summary(summary));
        foreach (string path in RunReports.Write(document, options.ReportDirectory, options.Transcripts ? HtmlDetail.AllRuns : HtmlDetail.FailedRuns))
        {
            output.Out.WriteLine($"report: {path}");
        }

        return Exit(summary, plan, options, output);
    }

    /// <summary>1 when a run failed; 3 (unless <c>--allow-empty</c>) when nothing ran, with the reason; else 0.</summary>
    private static int Exit(RunSummary summary, RunPlan plan, RunOptions options, CliOutput output)
    {
        if (summary.AnyFailed)
        {
            return ExitCodes.Failed;
        }

        if (summary.Count(ScenarioOutcome.Pass) > 0)
        {
            return ExitCodes.Ok;
        }

        string reason = plan.NothingRanReason(options);
        if (options.AllowEmpty)
        {
            output.Out.WriteLine($"nothing ran: {reason} (accepted: --allow-empty)");
            return ExitCodes.Ok;
        }

        output.Error.WriteLine($"error: nothing ran: {reason}; --allow-empty accepts a run in which nothing ran (exit code {ExitCodes.NothingRan})");
        return ExitCodes.NothingRan;
    }

    /// <summary>Runs the plan under a progress bar (cleared at the end); the caller prints the results afterwards, so nothing interleaves with the bar.</summary>
    private static IReadOnlyList<ScenarioResult> WithProgress(IAnsiConsole console, IReadOnlyList<PlanItem> plan, int jobs)
    {
        return console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask(Describe(0, plan.Count, 0), maxValue: plan.Count);
                int done = 0, failed = 0;
                return PlanExecutor.Execute(plan, jobs, anyOrder: result =>
                {
                    int failures = result.Outcome == ScenarioOutcome.Fail ? Interlocked.Increment(ref failed) : Volatile.Read(ref failed);
                    task.Description = Describe(Interlocked.Increment(ref done), plan.Count, failures);
                    task.Increment(1);
                });
            });
    }

    private static string Describe(int done, int total, int failed) =>
        FormattableString.Invariant($"{done}/{total} runs") + (failed > 0 ? FormattableString.Invariant($", [red]{failed} failed[/]") : "");
}
