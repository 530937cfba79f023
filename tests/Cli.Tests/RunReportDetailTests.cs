namespace E2eeConformance.Cli.Tests;

/// <summary>report.html shows passed runs as summaries, and in full with <c>--transcripts</c>; junit.xml names the file.</summary>
public sealed class RunReportDetailTests : CliFixture
{
    private string Html() => File.ReadAllText(Path.Combine(Temp.ReportDirectory, "report.html"));

    [Test]
    public void A_passed_run_is_a_summary_with_its_replay_command_by_default()
    {
        string file = Temp.Write("ok.yaml", Samples.Ok());

        CliHarness.Invoke("run", "--file", file, "--suite", "ecc", "--report", Temp.ReportDirectory, "--no-progress").ExitCode.Should().Be(0);

        Html().Should().NotContain("<svg").And.NotContain("<pre class=\"transcript\">")
            .And.Contain($"e2ee-conformance replay --file {file} --scenario tiny-ok --suite ecc --seed 20261125");
        File.ReadAllText(Path.Combine(Temp.ReportDirectory, "junit.xml")).Should().Contain($"file=\"{file}\"");
    }

    [Test]
    public void With_transcripts_a_passed_run_gets_its_diagram_and_transcript()
    {
        string file = Temp.Write("ok.yaml", Samples.Ok());

        CliHarness.Invoke("run", "--file", file, "--suite", "ecc", "--report", Temp.ReportDirectory, "--no-progress", "--transcripts").ExitCode.Should().Be(0);

        Html().Should().Contain("<svg class=\"seq\"").And.Contain("<pre class=\"transcript\">scenario tiny-ok");
    }
}
