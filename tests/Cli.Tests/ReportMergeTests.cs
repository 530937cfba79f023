using System.Text.Json;
using System.Text.RegularExpressions;

namespace E2eeConformance.Cli.Tests;

public sealed partial class ReportMergeTests
{
    private CliHarness _temp = null!;
    private string _whole = null!;
    private string[] _shards = null!;

    [OneTimeSetUp]
    public void RunTheSelectionWholeAndInThreeShards()
    {
        _temp = new CliHarness();
        string[] selection = ShardedSelection.Write(_temp);
        _whole = Path.Combine(_temp.Directory, "whole");
        CliHarness.Invoke([.. selection, "--report", _whole]).ExitCode.Should().Be(ExitCodes.Failed);
        _shards = [.. Enumerable.Range(1, 3).Select(k => Path.Combine(_temp.Directory, $"shard{k}"))];
        for (int k = 1; k <= 3; k++)
        {
            CliHarness.Invoke([.. selection, "--shard", $"{k}/3", "--report", _shards[k - 1]]);
        }
    }

    [OneTimeTearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public void Merged_shards_give_the_matrix_outcomes_and_failures_of_one_unsharded_run()
    {
        string merged = Path.Combine(_temp.Directory, "merged");

        CliRun run = CliHarness.Invoke(["report", "merge", .. _shards, "--report", merged]);

        run.ExitCode.Should().Be(ExitCodes.Failed, "a merged run failed");
        run.OutLines[0].Should().Be("merged shards 1/3, 2/3, 3/3: 10 runs");
        run.Out.Should().Contain("FAIL  tiny-wrong [ecc]").And.Contain("replay: e2ee-conformance replay --file ")
            .And.Contain("4 passed, 1 failed, 1 unimplemented, 4 disabled");
        run.Error.Should().BeEmpty();
        WithoutTimes(File.ReadAllText(Path.Combine(merged, "summary.md")))
            .Should().Be(WithoutTimes(File.ReadAllText(Path.Combine(_whole, "summary.md"))));
        WithoutTimes(File.ReadAllText(Path.Combine(merged, "junit.xml")))
            .Should().Be(WithoutTimes(File.ReadAllText(Path.Combine(_whole, "junit.xml"))));
        ResultsJson.Outcomes(merged).Should().Equal(ResultsJson.Outcomes(_whole));
        ResultsJson.Runs(merged).Should().Equal(ResultsJson.Runs(_whole));
    }

    [Test]
    public void A_merged_failure_keeps_its_transcript_and_diagram_so_the_html_report_draws_it()
    {
        string merged = Path.Combine(_temp.Directory, "merged-html");

        CliHarness.Invoke(["report", "merge", .. _shards, "--report", merged]);

        JsonElement failure = ResultsJson.Load(merged).GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("outcome").GetString() == "fail");
        JsonElement original = ResultsJson.Load(_whole).GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("outcome").GetString() == "fail");
        failure.GetProperty("transcript").GetString().Should().Be(original.GetProperty("transcript").GetString()).And.Contain("FAIL at step 4");
        failure.GetProperty("diagram").GetRawText().Should().Be(original.GetProperty("diagram").GetRawText());
        failure.GetProperty("diagram").GetArrayLength().Should().BePositive();
        string html = File.ReadAllText(Path.Combine(merged, "report.html"));
        html.Should().Contain("<svg").And.Contain("tiny-wrong").And.Contain("FAIL at step 4");
    }

    [Test]
    public void The_merged_results_file_names_the_merged_shards_and_merges_again()
    {
        string merged = Path.Combine(_temp.Directory, "merged-json");
        CliHarness.Invoke(["report", "merge", .. _shards, "--report", merged]);

        JsonElement run = ResultsJson.Load(merged).GetProperty("run");
        run.GetProperty("shard").ValueKind.Should().Be(JsonValueKind.Null);
        run.GetProperty("plan_size").GetInt32().Should().Be(10);
        run.GetProperty("merged_shards").EnumerateArray().Select(s => s.GetProperty("index").GetInt32()).Should().Equal(1, 2, 3);

        string again = Path.Combine(_temp.Directory, "merged-again");
        CliHarness.Invoke("report", "merge", merged, "--report", again).ExitCode.Should().Be(ExitCodes.Failed);
        ResultsJson.Outcomes(again).Should().Equal(ResultsJson.Outcomes(_whole));
    }

    [Test]
    public void Merging_the_same_runs_twice_is_a_conflict_exit_2()
    {
        CliRun shards = CliHarness.Invoke("report", "merge", _shards[0], _shards[0], "--report", Path.Combine(_temp.Directory, "x"));
        CliRun wholes = CliHarness.Invoke("report", "merge", _whole, _whole, "--report", Path.Combine(_temp.Directory, "y"));

        foreach (CliRun run in new[] { shards, wholes })
        {
            run.ExitCode.Should().Be(ExitCodes.Usage);
            run.Error.Should().Contain("(results_duplicate_record)").And.Contain(" is in both ");
        }
    }

    [Test]
    public void Shards_of_different_splits_do_not_merge()
    {
        string other = Path.Combine(_temp.Directory, "half2");
        CliHarness.Invoke([.. ShardedSelection.Write(_temp), "--shard", "2/2", "--report", other]);

        CliRun run = CliHarness.Invoke("report", "merge", _shards[0], other, "--report", Path.Combine(_temp.Directory, "z"));

        run.ExitCode.Should().Be(ExitCodes.Usage);
        run.Error.Should().Contain("(results_plan_mismatch)");
    }

    [Test]
    public void A_missing_shard_is_warned_about_and_the_others_are_merged()
    {
        string merged = Path.Combine(_temp.Directory, "partial");

        CliRun run = CliHarness.Invoke("report", "merge", _shards[0], _shards[2], "--report", merged);

        run.Error.Should().Contain("warning: shard 2/3 is missing");
        run.ExitCode.Should().NotBe(ExitCodes.Usage);
        ResultsJson.Runs(merged).Should().HaveCount(ResultsJson.Runs(_shards[0]).Count + ResultsJson.Runs(_shards[2]).Count);
    }

    [TestCase("{ \"format\": \"e2ee-conformance/results-v1\", \"run\": ", "results_malformed_json", "not valid JSON at line 1")]
    [TestCase("{ \"format\": \"e2ee-conformance/results-v9\" }", "results_unknown_format", "'e2ee-conformance/results-v9'")]
    [TestCase("[1, 2]", "results_bad_value", "the document is an array, expected an object")]
    public void A_file_that_is_not_a_results_file_is_an_error_naming_it(string text, string code, string message)
    {
        string bad = Path.Combine(_temp.Directory, "bad-" + code);
        Directory.CreateDirectory(bad);
        File.WriteAllText(Path.Combine(bad, "results.json"), text);

        CliRun run = CliHarness.Invoke("report", "merge", _shards[0], bad, "--report", Path.Combine(_temp.Directory, "w"));

        run.ExitCode.Should().Be(ExitCodes.Usage);
        run.Error.Should().Contain(Path.Combine(bad, "results.json")).And.Contain(message).And.Contain($"({code})");
    }

    [Test]
    public void A_directory_without_results_is_an_error()
    {
        CliRun run = CliHarness.Invoke("report", "merge", _temp.Directory, "--report", Path.Combine(_temp.Directory, "v"));

        run.ExitCode.Should().Be(ExitCodes.Usage);
        run.Error.Should().Contain("the directory holds no results.json").And.Contain("(results_not_found)");
    }

    [Test]
    public void Merge_needs_at_least_one_input()
    {
        CliHarness.Invoke("report", "merge").ExitCode.Should().Be(ExitCodes.Usage);
    }

    /// <summary>
    /// The report without what differs between two runs of the same plan: start times (the Markdown line and JUnit's
    /// <c>timestamp</c>, which may fall in different seconds), wall and run times.
    /// </summary>
    private static string WithoutTimes(string report) =>
        Duration().Replace(TimestampAttribute().Replace(TimeAttribute().Replace(StartedLine().Replace(report, "Started ?"), "time=\"?\""), "timestamp=\"?\""), "?s");

    [GeneratedRegex(@"\b\d+\.\d+ ?m?s\b")]
    private static partial Regex Duration();

    [GeneratedRegex("^Started .*$", RegexOptions.Multiline)]
    private static partial Regex StartedLine();

    [GeneratedRegex("\\btime=\"[0-9.]+\"")]
    private static partial Regex TimeAttribute();

    [GeneratedRegex("\\btimestamp=\"[^\"]*\"")]
    private static partial Regex TimestampAttribute();
}
