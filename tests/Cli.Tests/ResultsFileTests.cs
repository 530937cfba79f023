using System.Text.Json;
using E2eeConformance.Scenarios.Reports;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Cli.Tests;

/// <summary>results.json: what every run writes, and how strictly it is read back.</summary>
public sealed class ResultsFileTests : CliFixture
{
    [Test]
    public void Every_run_writes_a_versioned_results_file_with_its_metadata_and_one_record_per_run()
    {
        string ok = Temp.Write("ok.yaml", Samples.Ok());
        string wrong = Temp.Write("wrong.yaml", Samples.WrongExpectation);

        CliHarness.Invoke("run", "--file", ok, "--file", wrong, "--suite", "ecc", "--report", Temp.ReportDirectory, "--no-progress");

        JsonElement root = ResultsJson.Load(Temp.ReportDirectory);
        root.GetProperty("format").GetString().Should().Be("e2ee-conformance/results-v1");
        JsonElement run = root.GetProperty("run");
        run.GetProperty("seed").ValueKind.Should().Be(JsonValueKind.Null);
        run.GetProperty("seed_random").GetBoolean().Should().BeFalse();
        run.GetProperty("seeds").GetInt32().Should().Be(1);
        run.GetProperty("shard").ValueKind.Should().Be(JsonValueKind.Null);
        run.GetProperty("plan_size").GetInt32().Should().Be(2);
        run.GetProperty("tool_version").GetString().Should().StartWith("0.1.0");
        DateTimeOffset.Parse(run.GetProperty("started").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeCloseTo(DateTimeOffset.Now, TimeSpan.FromMinutes(5));
        run.GetProperty("duration_ms").GetDouble().Should().BePositive();

        JsonElement[] runs = [.. root.GetProperty("runs").EnumerateArray()];
        runs.Select(r => r.GetProperty("index").GetInt32()).Should().Equal(0, 1);
        JsonElement passed = runs[0], failed = runs[1];
        passed.GetProperty("scenario").GetString().Should().Be("tiny-ok");
        passed.GetProperty("suite").GetString().Should().Be("ecc");
        passed.GetProperty("seed").GetString().Should().Be("20261125");
        passed.GetProperty("outcome").GetString().Should().Be("pass");
        passed.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).Should().Equal("small");
        passed.GetProperty("description").GetString().Should().Be("Alice sends Bob one message.");
        passed.GetProperty("file").GetString().Should().Be(ok);
        passed.TryGetProperty("transcript", out _).Should().BeFalse("only failures keep their transcript");
        failed.GetProperty("outcome").GetString().Should().Be("fail");
        failed.GetProperty("failed_step").GetString().Should().StartWith("step 4 (line 10)");
        failed.GetProperty("reason").GetString().Should().Contain("found 1");
        failed.GetProperty("transcript").GetString().Should().Contain("FAIL at step 4");
        failed.GetProperty("diagram").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).Should().Contain(["request", "delivery", "note"]);
    }

    [Test]
    public void A_document_reads_back_as_it_was_written()
    {
        ScenarioResult failed = new(
            "crossed – invites", "pqc", ulong.MaxValue, ScenarioOutcome.Fail, "expected \"x\"\nfound y", "step 3 (line 9): expect", "line 1\nline 2",
            [new DiagramEvent(DiagramEventKind.Fault, "adversary", "bob/1", "tampered m3", "bad_tag")], TimeSpan.FromMilliseconds(12.345), ["a", "b"], "ü");
        ScenarioResult skipped = new("s", "x", 1, ScenarioOutcome.Unimplemented, "why", "", "", [], TimeSpan.Zero, [], "");
        ResultsFileDocument document = new(
            new ResultsFileRun(7, false, 2, new DateTimeOffset(2026, 12, 3, 10, 0, 0, 123, TimeSpan.FromHours(1)), TimeSpan.FromSeconds(3.5), "1.2.3", new ResultsFileShard(2, 3), 9, []),
            [new ResultsFileRecord(4, failed, "/tmp/a b.yaml"), new ResultsFileRecord(8, skipped, null)]);

        ResultsFileDocument read = ResultsFile.Parse(ResultsFile.Render(document), "test");

        read.Run.Should().BeEquivalentTo(document.Run);
        read.Records.Should().BeEquivalentTo(document.Records);
    }

    [TestCase("\"outcome\": \"fail\"", "\"outcome\": \"failed\"", "results_bad_value", "runs[0].outcome is 'failed', expected one of pass, fail, unimplemented, disabled")]
    [TestCase("\"seed\": \"5\"", "\"seed\": 5", "results_bad_value", "runs[0].seed is a number, expected a string")]
    [TestCase("\"failed_step\": \"s\",", "", "results_missing_field", "runs[0].failed_step is missing")]
    [TestCase("\"kind\": \"fault\"", "\"kind\": \"boom\"", "results_bad_value", "runs[0].diagram[0].kind is 'boom'")]
    [TestCase("\"duration_ms\": 1,", "\"duration_ms\": -1,", "results_bad_value", "runs[0].duration_ms is -1")]
    [TestCase("\"index\": 2, \"count\": 3", "\"index\": 4, \"count\": 3", "results_bad_value", "run.shard is 4/3")]
    public void A_wrong_field_is_an_error_with_its_code_and_json_path(string from, string to, string code, string message)
    {
        string json = OneFailure().Replace(from, to, StringComparison.Ordinal);
        json.Should().NotBe(OneFailure(), "the test changes the document");

        Action read = () => ResultsFile.Parse(json, "x.json");

        read.Should().Throw<ResultsFileException>().Where(e => e.Code == code && e.Message.StartsWith("x.json: ", StringComparison.Ordinal))
            .WithMessage($"*{message}*");
    }

    [Test]
    public void A_run_listed_twice_in_one_file_is_a_duplicate_record()
    {
        string json = OneFailure(Record(0) + ", " + Record(1));

        Action read = () => ResultsFile.Parse(json, "x.json");

        read.Should().Throw<ResultsFileException>().Where(e => e.Code == ResultsFileException.DuplicateRecordCode)
            .WithMessage("*runs[0] and runs[1] are both r [ecc] seed 5*");
    }

    private static string OneFailure(string? records = null) => $$"""
        {
          "format": "e2ee-conformance/results-v1",
          "run": { "tool_version": "t", "seed": null, "seed_random": false, "seeds": 1, "started": "2026-12-03T10:00:00.000+00:00",
                   "duration_ms": 10, "shard": { "index": 2, "count": 3 }, "plan_size": 3, "merged_shards": [] },
          "runs": [ {{records ?? Record(0)}} ]
        }
        """;

    private static string Record(int index) => $$"""
        { "index": {{index}}, "scenario": "r", "suite": "ecc", "seed": "5", "outcome": "fail", "duration_ms": 1, "failed_step": "s", "reason": "why",
          "tags": [], "description": "", "file": null, "transcript": "t",
          "diagram": [ { "kind": "fault", "from": "a", "to": "b", "label": "l", "outcome": "o" } ] }
        """;
}
