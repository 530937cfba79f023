using System.Text;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Reports;

/// <summary>Writes every report of a run into one directory: junit.xml, summary.md and report.html (UTF-8).</summary>
public static class ReportWriter
{
    /// <summary>The JUnit XML file's name.</summary>
    public const string JUnitFile = "junit.xml";

    /// <summary>The Markdown summary's file name.</summary>
    public const string MarkdownFile = "summary.md";

    /// <summary>The HTML report's file name.</summary>
    public const string HtmlFile = "report.html";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Writes the three reports into <paramref name="directory"/> (created if missing) and returns their full paths;
    /// <paramref name="detail"/> says which runs report.html shows in full.
    /// </summary>
    public static IReadOnlyList<string> WriteAll(RunSummary summary, string directory, HtmlDetail detail = HtmlDetail.FailedRuns)
    {
        string root = Path.GetFullPath(directory);
        Directory.CreateDirectory(root);

        string junit = Path.Combine(root, JUnitFile);
        using (StreamWriter writer = new(junit, append: false, Utf8))
        {
            JUnitReport.Write(summary, writer);
        }

        string markdown = Path.Combine(root, MarkdownFile);
        File.WriteAllText(markdown, MarkdownReport.Render(summary), Utf8);

        string html = Path.Combine(root, HtmlFile);
        File.WriteAllText(html, HtmlReport.Render(summary, detail), Utf8);

        return [junit, markdown, html];
    }
}
