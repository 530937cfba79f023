using E2eeConformance.Scenarios.Reports;

namespace E2eeConformance.Scenarios.Tests.Reports;

[TestFixture]
public sealed class MarkdownReportTests
{
    private static string Markdown() => MarkdownReport.Render(ReportSamples.Summary());

    private static string[] Lines() => Markdown().Split('\n');

    [Test]
    public void Header_gives_totals_wall_time_and_seed()
    {
        string md = Markdown();
        md.Should().Contain("wall time 3.456 s").And.Contain("seed 42").And.Contain("Started 2025-11-25 09:30:00 +00:00");
        Lines().Should().Contain(["| pass | 2 |", "| fail | 1 |", "| unimplemented | 2 |", "| disabled | 1 |", "| **total** | **6** |"]);
    }

    [Test]
    public void Matrix_has_one_row_per_scenario_and_one_column_per_suite()
    {
        string[] lines = Lines();
        int header = Array.IndexOf(lines, "| Scenario | ecc | pqc |");
        header.Should().BePositive();
        lines[(header + 2)..(header + 6)].Should().Equal(
            "| basic | pass | **FAIL** |",
            "| restart | unimplemented | disabled |",
            "| offline | unimplemented | – |",
            "| edge\\|case | pass | – |");
        lines[header + 6].Should().BeEmpty();
    }

    [Test]
    public void Failures_list_seed_step_reason_and_a_mermaid_diagram()
    {
        string md = Markdown();
        string failures = md[md.IndexOf("## Failures", StringComparison.Ordinal)..md.IndexOf("## Not run", StringComparison.Ordinal)];
        failures.Should().Contain("### basic × pqc")
            .And.Contain("- seed: `7`")
            .And.Contain("- step: step 7 (line 23): expect received")
            .And.Contain("```text\nexpected received \"hi\", got bad_tag")
            .And.Contain("```mermaid\nsequenceDiagram\n    participant p0 as alice/1\n")
            .And.NotContain("restart");
    }

    [Test]
    public void Not_run_groups_identical_reasons()
    {
        string md = Markdown();
        string[] notRun = md[md.IndexOf("## Not run", StringComparison.Ordinal)..].Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToArray();
        notRun.Should().Equal(
            "- unimplemented: suite lacks persistence \\| restart — restart × ecc, offline × ecc",
            "- disabled: SLH-DSA signs too slowly — restart × pqc");
    }
}
