using System.Text.Json.Nodes;
using E2eeConformance.Scenarios.Reports;
using E2eeConformance.Scenarios.Running;
using E2eeConformance.Scenarios.Tests.Reports.Browser;

namespace E2eeConformance.Scenarios.Tests.Reports;

/// <summary>
/// report.html as a person sees it: loaded in headless Chromium (driven over the DevTools protocol), it renders
/// without console messages, script errors or log entries, every failed run's diagram is visible, and the page itself
/// does not scroll sideways (wide diagrams scroll inside their own box). Ignored, with how to install Chromium, where
/// none is found.
/// </summary>
[TestFixture]
[Category("Browser")]
public sealed class BrowserRenderingTests
{
    private const int Width = 1400;
    private const int Height = 1000;

    private string _directory = "";

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), $"e2ee-report-browser-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task A_report_with_failures_renders_cleanly_and_shows_every_failed_diagram()
    {
        RunSummary allPass = CatalogRuns.AllPass();
        RunSummary summary = allPass with { Results = [CatalogRuns.FailingHello(), CatalogRuns.FailingLargeGroup(), .. allPass.Results] };
        JsonArray diagrams = (await Open(summary, """
            [...document.querySelectorAll('section.run.o-fail')].map(s => {
              const d = s.querySelector('.diagram > svg.seq');
              if (!d) return { id: s.id, found: false };
              d.scrollIntoView();
              const r = d.getBoundingClientRect(), style = getComputedStyle(d);
              const top = document.elementFromPoint(Math.min(r.left + 20, innerWidth - 1), Math.min(r.top + 20, innerHeight - 1));
              return { id: s.id, found: true, width: r.width, height: r.height, visibility: style.visibility, display: style.display,
                       onTop: !!top && (top === d || d.contains(top)), texts: d.querySelectorAll('text').length };
            })
            """)).AsArray();

        diagrams.Should().HaveCount(2);
        foreach (JsonNode? diagram in diagrams)
        {
            string id = (string)diagram!["id"]!;
            ((bool)diagram["found"]!).Should().BeTrue($"{id} has a diagram");
            ((double)diagram["width"]!).Should().BeGreaterThan(100, id);
            ((double)diagram["height"]!).Should().BeGreaterThan(100, id);
            ((string)diagram["visibility"]!).Should().Be("visible", id);
            ((string)diagram["display"]!).Should().NotBe("none", id);
            ((bool)diagram["onTop"]!).Should().BeTrue($"nothing covers {id}'s diagram");
            ((int)diagram["texts"]!).Should().BeGreaterThan(10, id);
        }
    }

    [Test]
    public async Task An_all_pass_report_renders_cleanly_and_every_matrix_link_finds_its_run()
    {
        JsonNode result = await Open(CatalogRuns.AllPass(), """
            ({ links: [...document.querySelectorAll('table.matrix a[href^="#"]')].filter(a => !document.getElementById(a.getAttribute('href').slice(1))).length,
               matrixLinks: document.querySelectorAll('table.matrix a').length,
               runs: document.querySelectorAll('section.run').length })
            """);
        ((int)result["links"]!).Should().Be(0, "every matrix cell links to a run on the page");
        ((int)result["matrixLinks"]!).Should().BeGreaterThan(200);
        ((int)result["runs"]!).Should().Be(CatalogRuns.AllPass().Results.Count);
    }

    /// <summary>Writes the page, loads it, checks the page-wide conditions, and returns what <paramref name="probe"/> evaluates to.</summary>
    private async Task<JsonNode> Open(RunSummary summary, string probe)
    {
        string? chromium = ChromiumLocator.Find();
        if (chromium is null)
        {
            Assert.Ignore(ChromiumLocator.InstallHint);
        }

        string path = ReportWriter.WriteAll(summary, _directory).Single(p => p.EndsWith(ReportWriter.HtmlFile, StringComparison.Ordinal));
        await using DevToolsPage page = await DevToolsPage.Start(chromium, Width, Height);
        await page.Navigate(new Uri(path));
        JsonNode? value = await page.Evaluate(probe);
        JsonNode layout = (await page.Evaluate("({ scrollWidth: document.documentElement.scrollWidth, innerWidth, title: document.title, scripts: document.scripts.length })"))!;

        page.Problems.Should().BeEmpty("the page renders without console messages, script errors or log entries");
        ((int)layout["scripts"]!).Should().Be(0);
        ((string)layout["title"]!).Should().Be("E2EE conformance report");
        ((int)layout["scrollWidth"]!).Should().BeLessThanOrEqualTo((int)layout["innerWidth"]!, "the page does not scroll sideways; wide diagrams scroll in their own box");
        return value ?? throw new InvalidOperationException("the probe returned nothing");
    }
}
