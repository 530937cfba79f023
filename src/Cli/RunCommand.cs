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
        "Run scenarios on the embedded in-memory server (default: the whole catalog with every suite); exit 0 when none failed, 1 when any failed, 2 on a usage error.";

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
        IReadOnlyList<SelectedScenario> selected = ScenarioSelection.Select(options.Scenarios, options.Files);
        IReadOnlyList<string>? suites = ScenarioSelection.Suites(options.Suites, selected.Select(s => s.Scenario));
        List<PlanItem> plan = [.. selected.SelectMany(s => ScenarioRunner.Plan(s.Scenario, suites).Select(r => new PlanItem(r, s.File)))];
        ulong? seed = options.Seed?.Resolve();

        output.Out.WriteLine(ResultPrinter.SeedLine(seed, options.Seed?.Random == true));
        if (plan.Count == 0)
        {
            output.Out.WriteLine($"nothing to run: no selected scenario runs with {(suites is null ? "any suite" : string.Join(", ", suites))}");
        }

        ResultPrinter printer = ResultPrinter.For(plan, output.Out, options.Transcripts);
        DateTimeOffset started = DateTimeOffset.Now;
        Stopwatch watch = Stopwatch.StartNew();
        IReadOnlyList<ScenarioResult> results;
        if (output.Interactive && !options.NoProgress && plan.Count > 0)
        {
            results = WithProgress(output.Ansi(), plan, seed, options.Jobs);
            for (int i = 0; i < results.Count; i++)
            {
                printer.Print(results[i], plan[i].File);
            }
        }
        else
        {
            results = PlanExecutor.Execute(plan, seed, options.Jobs, inOrder: (i, result) => printer.Print(result, plan[i].File));
        }

        watch.Stop();
        RunSummary summary = new(results, seed, started, watch.Elapsed);
        output.Out.WriteLine();
        output.Out.WriteLine(ResultPrinter.Summary(summary));
        foreach (string path in WriteReports(summary, options.ReportDirectory, options.Transcripts ? HtmlDetail.AllRuns : HtmlDetail.FailedRuns))
        {
            output.Out.WriteLine($"report: {path}");
        }

        return summary.AnyFailed ? ExitCodes.Failed : ExitCodes.Ok;
    }

    /// <summary>Runs the plan under a progress bar (cleared at the end); the caller prints the results afterwards, so nothing interleaves with the bar.</summary>
    private static IReadOnlyList<ScenarioResult> WithProgress(IAnsiConsole console, IReadOnlyList<PlanItem> plan, ulong? seed, int jobs)
    {
        return console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask(Describe(0, plan.Count, 0), maxValue: plan.Count);
                int done = 0, failed = 0;
                return PlanExecutor.Execute(plan, seed, jobs, anyOrder: result =>
                {
                    int failures = result.Outcome == ScenarioOutcome.Fail ? Interlocked.Increment(ref failed) : Volatile.Read(ref failed);
                    task.Description = Describe(Interlocked.Increment(ref done), plan.Count, failures);
                    task.Increment(1);
                });
            });
    }

    private static string Describe(int done, int total, int failed) =>
        FormattableString.Invariant($"{done}/{total} runs") + (failed > 0 ? FormattableString.Invariant($", [red]{failed} failed[/]") : "");

    private static IReadOnlyList<string> WriteReports(RunSummary summary, string directory, HtmlDetail detail)
    {
        try
        {
            return ReportWriter.WriteAll(summary, directory, detail);
        }
        catch (IOException e)
        {
            throw new UsageException($"cannot write the reports to {directory}: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UsageException($"cannot write the reports to {directory}: {e.Message}", e);
        }
    }
}
