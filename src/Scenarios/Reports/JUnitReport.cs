using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Reports;

/// <summary>
/// JUnit XML for CI, in the shape of the Jenkins/Ant JUnit schema (junit-10.xsd): one &lt;testsuite&gt; per cipher
/// suite (first-appearance order) with its counts, time, <c>timestamp</c> (the run's start, UTC, ISO 8601 without a
/// zone as Ant writes it), <c>hostname</c> and &lt;properties&gt; (seed, suite); one &lt;testcase&gt; per scenario run
/// with <c>classname</c>, <c>name</c>, <c>file</c> (the scenario file: <c>src/Scenarios/Catalog/….yaml</c> for a
/// built-in, the user's path for <c>--file</c>) and <c>time</c>; a failure is
/// <c>&lt;failure message="reason" type="step"&gt;</c> with the step, the reason and the transcript's tail as text;
/// unimplemented and disabled runs are <c>&lt;skipped message="…"/&gt;</c>; each test case's seed and replay command
/// are in its &lt;system-out&gt;.
/// </summary>
public static class JUnitReport
{
    /// <summary>The name of the root &lt;testsuites&gt; and the prefix of every class name.</summary>
    public const string RootName = "e2ee-conformance";

    /// <summary>How many transcript lines a failure's body ends with.</summary>
    public const int TranscriptTailLines = 40;

    /// <summary>Writes the report (with an XML declaration naming the writer's encoding, and a final newline) to <paramref name="writer"/>; the writer stays open.</summary>
    public static void Write(RunSummary summary, TextWriter writer)
    {
        XmlWriterSettings settings = new() { Indent = true, IndentChars = "  ", NewLineChars = "\n" };
        using (XmlWriter xml = XmlWriter.Create(writer, settings))
        {
            Build(summary).Save(xml);
        }

        writer.Write('\n');
    }

    /// <summary>The report as a string, declared as UTF-8 (write it to a file as UTF-8).</summary>
    public static string Render(RunSummary summary)
    {
        using Utf8StringWriter writer = new();
        Write(summary, writer);
        return writer.ToString();
    }

    /// <summary>The format of the testsuites' <c>timestamp</c> (ISO 8601, no zone; the time is UTC).</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss";

    /// <summary>The report as an XML document, naming this machine as the host.</summary>
    public static XDocument Build(RunSummary summary) => Build(summary, Environment.MachineName);

    /// <summary>The report as an XML document, naming <paramref name="hostname"/> as the host the run ran on.</summary>
    public static XDocument Build(RunSummary summary, string hostname)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(hostname);
        string timestamp = summary.Started.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);
        XElement root = new(
            "testsuites",
            new XAttribute("name", RootName),
            Counts(summary.Results),
            new XAttribute("time", ReportFormat.Seconds(summary.Duration)));
        IReadOnlyList<string> suites = new RunMatrix(summary.Results).Suites;
        for (int i = 0; i < suites.Count; i++)
        {
            string suite = suites[i];
            List<ScenarioResult> results = summary.Results.Where(r => ReportFormat.Column(r) == suite).ToList();
            TimeSpan time = results.Aggregate(TimeSpan.Zero, (total, r) => total + r.Duration);
            root.Add(new XElement(
                "testsuite",
                new XAttribute("name", Clean(suite)),
                Counts(results),
                new XAttribute("time", ReportFormat.Seconds(time)),
                new XAttribute("timestamp", timestamp),
                new XAttribute("hostname", Clean(hostname)),
                new XAttribute("id", ReportFormat.Count(i)),
                new XElement(
                    "properties",
                    Property("seed", ReportFormat.Seed(summary.Seed)),
                    Property("cipher_suite", suite)),
                results.Select(TestCase)));
        }

        return new XDocument(root);
    }

    private static object[] Counts(IReadOnlyCollection<ScenarioResult> results) =>
    [
        new XAttribute("tests", ReportFormat.Count(results.Count)),
        new XAttribute("failures", ReportFormat.Count(results.Count(r => r.Outcome == ScenarioOutcome.Fail))),
        new XAttribute("errors", "0"),
        new XAttribute(
            "skipped",
            ReportFormat.Count(results.Count(r => r.Outcome is ScenarioOutcome.Unimplemented or ScenarioOutcome.Disabled))),
    ];

    private static XElement Property(string name, string value) =>
        new("property", new XAttribute("name", name), new XAttribute("value", Clean(value)));

    private static XElement TestCase(ScenarioResult result)
    {
        XElement testCase = new(
            "testcase",
            new XAttribute("classname", Clean($"{RootName}.{ReportFormat.Column(result)}")),
            new XAttribute("name", Clean(result.Scenario)));
        if (result.SourceFile.Length > 0)
        {
            testCase.Add(new XAttribute("file", Clean(result.SourceFile)));
        }

        testCase.Add(new XAttribute("time", ReportFormat.Seconds(result.Duration)));
        switch (result.Outcome)
        {
            case ScenarioOutcome.Fail:
                testCase.Add(new XElement(
                    "failure",
                    new XAttribute("message", Clean(result.Reason)),
                    new XAttribute("type", Clean(result.FailedStep.Length > 0 ? result.FailedStep : "failure")),
                    Clean(FailureBody(result))));
                break;
            case ScenarioOutcome.Unimplemented:
                testCase.Add(new XElement("skipped", new XAttribute("message", Clean($"unimplemented: {result.Reason}"))));
                break;
            case ScenarioOutcome.Disabled:
                testCase.Add(new XElement("skipped", new XAttribute("message", Clean($"disabled: {result.Reason}"))));
                break;
            default:
                break;
        }

        string replay = result.Outcome is ScenarioOutcome.Pass or ScenarioOutcome.Fail ? $"\nreplay: {ReplayCommand.For(result)}" : "";
        testCase.Add(new XElement("system-out", Clean($"seed={ReportFormat.Seed(result.Seed)}{replay}")));
        return testCase;
    }

    private static string FailureBody(ScenarioResult result)
    {
        IReadOnlyList<string> tail = ReportFormat.LastLines(result.Transcript, TranscriptTailLines);
        StringBuilder body = new();
        body.Append(result.FailedStep).Append('\n').Append(result.Reason).Append('\n');
        if (tail.Count > 0)
        {
            body.Append(CultureInfo.InvariantCulture, $"\n--- transcript, last {tail.Count} of {ReportFormat.LineCount(result.Transcript)} lines ---\n");
            body.AppendJoin('\n', tail).Append('\n');
        }

        return body.ToString();
    }

    /// <summary>The text without the characters XML 1.0 cannot carry (control characters, lone surrogates).</summary>
    private static string Clean(string text)
    {
        StringBuilder clean = new(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i]))
            {
                clean.Append(text[i]);
            }
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                clean.Append(text, i, 2);
                i++;
            }
            else
            {
                clean.Append('\uFFFD');
            }
        }

        return clean.ToString();
    }

    /// <summary>A string writer that declares UTF-8, so the rendered XML's declaration matches how it is saved.</summary>
    private sealed class Utf8StringWriter() : StringWriter(CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    }
}
