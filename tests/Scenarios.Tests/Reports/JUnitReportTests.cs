using System.Xml.Linq;
using E2eeConformance.Scenarios.Reports;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Reports;

[TestFixture]
public sealed class JUnitReportTests
{
    private static XElement Root() => JUnitReport.Build(ReportSamples.Summary(), "ci-host-1").Root!;

    private static XElement TestCase(string suite, string scenario) =>
        Root().Elements("testsuite").Single(s => (string?)s.Attribute("name") == suite)
            .Elements("testcase").Single(c => (string?)c.Attribute("name") == scenario);

    [Test]
    public void Root_counts_every_run()
    {
        XElement root = Root();
        root.Name.LocalName.Should().Be("testsuites");
        ((string?)root.Attribute("name")).Should().Be("e2ee-conformance");
        ((string?)root.Attribute("tests")).Should().Be("6");
        ((string?)root.Attribute("failures")).Should().Be("1");
        ((string?)root.Attribute("skipped")).Should().Be("3");
        ((string?)root.Attribute("time")).Should().Be("3.456");
    }

    [Test]
    public void One_testsuite_per_suite_in_first_appearance_order()
    {
        List<XElement> suites = Root().Elements("testsuite").ToList();
        suites.Select(s => (string?)s.Attribute("name")).Should().Equal("ecc", "pqc");
        suites.Select(s => (string?)s.Attribute("tests")).Should().Equal("4", "2");
        suites.Select(s => (string?)s.Attribute("failures")).Should().Equal("0", "1");
        suites.Select(s => (string?)s.Attribute("skipped")).Should().Equal("2", "1");
        suites.Select(s => (string?)s.Attribute("time")).Should().Equal("1.255", "2.000");
        suites[0].Elements("testcase").Select(c => (string?)c.Attribute("name")).Should().Equal("basic", "restart", "offline", "edge|case");
    }

    [Test]
    public void A_failure_carries_step_reason_and_transcript_tail()
    {
        XElement testCase = TestCase("pqc", "basic");
        ((string?)testCase.Attribute("classname")).Should().Be("e2ee-conformance.pqc");
        ((string?)testCase.Attribute("time")).Should().Be("2.000");
        XElement failure = testCase.Elements("failure").Single();
        ((string?)failure.Attribute("message")).Should().Be("expected received \"hi\", got bad_tag " + ReportSamples.Hostile);
        ((string?)failure.Attribute("type")).Should().Be("step 7 (line 23): expect received");
        failure.Value.Should().StartWith("step 7 (line 23): expect received\nexpected received \"hi\"");
        failure.Value.Should().Contain("t45 line <script>").And.Contain("t06 line").And.NotContain("t05 line");
        testCase.Element("system-out")!.Value.Should().Be("seed=7\nreplay: e2ee-conformance replay --file 'my scenarios/basic.yaml' --scenario basic --suite pqc --seed 7");
    }

    [Test]
    public void Testsuites_carry_timestamp_hostname_and_properties()
    {
        foreach (XElement suite in Root().Elements("testsuite"))
        {
            ((string?)suite.Attribute("timestamp")).Should().Be("2025-11-25T09:30:00");
            ((string?)suite.Attribute("hostname")).Should().Be("ci-host-1");
            suite.Element("properties")!.Elements("property").Select(p => $"{(string?)p.Attribute("name")}={(string?)p.Attribute("value")}")
                .Should().Equal("seed=42", $"cipher_suite={(string?)suite.Attribute("name")}");
        }

        ((string?)JUnitReport.Build(ReportSamples.Summary()).Root!.Element("testsuite")!.Attribute("hostname")).Should().Be(Environment.MachineName);
    }

    [Test]
    public void The_timestamp_is_the_start_in_utc()
    {
        RunSummary summary = ReportSamples.Summary() with { Started = new DateTimeOffset(2025, 11, 25, 10, 30, 0, TimeSpan.FromHours(1)) };
        ((string?)JUnitReport.Build(summary, "h").Root!.Element("testsuite")!.Attribute("timestamp")).Should().Be("2025-11-25T09:30:00");
    }

    [Test]
    public void Testcases_name_their_scenario_file_when_there_is_one()
    {
        ((string?)TestCase("pqc", "basic").Attribute("file")).Should().Be(ReportSamples.UserFile);
        ((string?)TestCase("ecc", "edge|case").Attribute("file")).Should().Be(ReportSamples.CatalogFile);
        TestCase("ecc", "restart").Attribute("file").Should().BeNull();
        TestCase("ecc", "basic").Attributes().Select(a => a.Name.LocalName).Should().Equal("classname", "name", "file", "time");
    }

    [Test]
    public void Unimplemented_and_disabled_runs_are_skipped_with_their_reason()
    {
        ((string?)TestCase("ecc", "restart").Element("skipped")!.Attribute("message"))
            .Should().Be("unimplemented: suite lacks persistence | restart");
        ((string?)TestCase("pqc", "restart").Element("skipped")!.Attribute("message"))
            .Should().Be("disabled: SLH-DSA signs too slowly");
        TestCase("ecc", "basic").Elements().Select(e => e.Name.LocalName).Should().Equal("system-out");
    }

    [Test]
    public void Render_declares_utf8_and_survives_control_characters()
    {
        RunSummary summary = ReportSamples.Summary();
        RunSummary hostile = summary with
        {
            Results = [ReportSamples.Result("ctl", "ecc", ScenarioOutcome.Fail, 1) with { Reason = "bad\u0001byte\u0000" }],
        };

        JUnitReport.Render(summary).Should().StartWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        XElement failure = XDocument.Parse(JUnitReport.Render(hostile)).Descendants("failure").Single();
        ((string?)failure.Attribute("message")).Should().Be("bad\uFFFDbyte\uFFFD");
        ((string?)failure.Attribute("type")).Should().Be("failure");
    }

    [Test]
    public void Write_leaves_the_writer_open()
    {
        using StringWriter writer = new(System.Globalization.CultureInfo.InvariantCulture);
        JUnitReport.Write(ReportSamples.Summary(), writer);
        writer.Write("after");
        writer.ToString().Should().EndWith("</testsuites>\nafter").And.StartWith("<?xml version=\"1.0\" encoding=\"utf-16\"?>");
    }
}
