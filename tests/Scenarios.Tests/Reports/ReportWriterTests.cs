using E2eeConformance.Scenarios.Reports;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Reports;

[TestFixture]
public sealed class ReportWriterTests
{
    [Test]
    public void WriteAll_writes_the_three_reports_into_a_new_directory()
    {
        string root = Path.Combine(Path.GetTempPath(), $"e2ee-reports-{Guid.NewGuid():N}");
        try
        {
            RunSummary summary = ReportSamples.Summary();
            string directory = Path.Combine(root, "nested");

            IReadOnlyList<string> paths = ReportWriter.WriteAll(summary, directory);

            paths.Select(Path.GetFileName).Should().Equal("junit.xml", "summary.md", "report.html");
            paths.Should().OnlyContain(p => Path.GetDirectoryName(p) == Path.GetFullPath(directory));
            File.ReadAllText(paths[0]).Should().Be(JUnitReport.Render(summary));
            File.ReadAllText(paths[1]).Should().Be(MarkdownReport.Render(summary));
            File.ReadAllText(paths[2]).Should().Be(HtmlReport.Render(summary));
            File.ReadAllBytes(paths[2])[..3].Should().NotEqual(new byte[] { 0xEF, 0xBB, 0xBF }, "no byte-order mark");
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }
}
