using System.Runtime.CompilerServices;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Reports;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Reports;

/// <summary>
/// junit.xml validates against the common JUnit schema (<c>junit.xsd</c> beside this file: the Jenkins junit-10.xsd
/// structure, see its header), and documents that break the schema are rejected, so the check can fail.
/// </summary>
[TestFixture]
public sealed class JUnitSchemaTests
{
    private static readonly Lazy<XmlSchemaSet> Schema = new(() => Load());

    private static XmlSchemaSet Load([CallerFilePath] string source = "")
    {
        XmlSchemaSet set = new();
        using XmlReader reader = XmlReader.Create(Path.Combine(Path.GetDirectoryName(source)!, "junit.xsd"));
        set.Add(null, reader);
        set.Compile();
        return set;
    }

    private static List<string> Errors(XDocument document)
    {
        List<string> errors = [];
        document.Validate(Schema.Value, (_, e) => errors.Add($"{e.Severity}: {e.Message}"));
        return errors;
    }

    [Test]
    public void The_report_of_every_outcome_is_valid()
    {
        XDocument document = XDocument.Parse(JUnitReport.Render(ReportSamples.Summary()));
        Errors(document).Should().BeEmpty();
    }

    [Test]
    public void The_report_of_real_runs_is_valid_and_names_catalog_and_user_files()
    {
        Scenario hello = BuiltInCatalog.Find("hello-one2one")!;
        Scenario failing = BuiltInCatalog.Find("hello-one2one")! with { Name = "hello-from-a-file", SourceFile = "attacks/hello.yaml" };
        ScenarioResult[] results =
        [
            ScenarioRunner.Run(hello, Engine.Crypto.CipherSuite.Ecc),
            ScenarioRunner.Run(failing, Engine.Crypto.CipherSuite.Ecc),
            .. BuiltInCatalog.Scenarios.SelectMany(s => ScenarioRunner.Plan(s)).Where(p => p.Skip is not null).Take(2).Select(p => ScenarioRunner.Run(p)),
        ];
        XDocument document = XDocument.Parse(JUnitReport.Render(new RunSummary(results, null, DateTimeOffset.Now, TimeSpan.FromSeconds(1))));

        Errors(document).Should().BeEmpty();
        List<XElement> cases = [.. document.Descendants("testcase")];
        ((string?)cases[0].Attribute("file")).Should().Be("src/Scenarios/Catalog/01-hello-one2one.yaml");
        ((string?)cases[1].Attribute("file")).Should().Be("attacks/hello.yaml");
        cases.Skip(2).Should().OnlyContain(c => c.Element("skipped") != null && ((string?)c.Attribute("file"))!.StartsWith("src/Scenarios/Catalog/", StringComparison.Ordinal));
    }

    [TestCase("<testsuites><testsuite tests=\"1\"><testcase name=\"a\"/></testsuite></testsuites>", TestName = "A testsuite without a name is rejected")]
    [TestCase("<testsuites><testsuite name=\"s\" tests=\"1\"><testcase classname=\"c\"/></testsuite></testsuites>", TestName = "A testcase without a name is rejected")]
    [TestCase("<testsuites><testsuite name=\"s\" tests=\"1\"><testcase name=\"a\"><failure/><skipped/></testcase></testsuite></testsuites>", TestName = "A skipped element after a failure is rejected")]
    [TestCase("<testsuites><testsuite name=\"s\" tests=\"1\" timestamp=\"2025-11-25T09:30:00Z\"/></testsuites>", TestName = "A timestamp with a zone is rejected")]
    [TestCase("<testsuites><testsuite name=\"s\" tests=\"-1\"/></testsuites>", TestName = "A negative count is rejected")]
    [TestCase("<testsuites><testsuite name=\"s\" tests=\"1\"><testcase name=\"a\" flaky=\"yes\"/></testsuite></testsuites>", TestName = "An unknown testcase attribute is rejected")]
    [TestCase("<testsuites><testsuite name=\"s\" tests=\"1\"><properties/></testsuite></testsuites>", TestName = "Empty properties are rejected")]
    public void A_document_that_breaks_the_schema_is_rejected(string xml)
    {
        Errors(XDocument.Parse(xml)).Should().NotBeEmpty();
    }

    [Test]
    public void The_minimal_valid_twin_of_the_rejected_documents_is_accepted()
    {
        Errors(XDocument.Parse("<testsuites><testsuite name=\"s\" tests=\"1\" timestamp=\"2025-11-25T09:30:00\"><properties><property name=\"p\" value=\"v\"/></properties><testcase name=\"a\" file=\"f.yaml\"><skipped/></testcase></testsuite></testsuites>"))
            .Should().BeEmpty();
    }
}
