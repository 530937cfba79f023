using System.Globalization;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Reports;

/// <summary>
/// A hand-built run over two suites (ecc, pqc) with every outcome, a "not run" pair, a scenario name with a pipe, and a
/// failing run whose diagram has every event kind and hostile text; the "basic" runs come from a user's file.
/// </summary>
internal static class ReportSamples
{
    /// <summary>A user's scenario file (the "basic" runs come from it).</summary>
    public const string UserFile = "my scenarios/basic.yaml";

    /// <summary>A built-in catalog file (the "edge|case" run claims it).</summary>
    public const string CatalogFile = "src/Scenarios/Catalog/01-hello-one2one.yaml";

    public const string Hostile = "<script>alert(\"x\")</script> | a;b #c\nnext";

    public static IReadOnlyList<DiagramEvent> HostileDiagram { get; } =
    [
        new(DiagramEventKind.Note, "alice/1", "", "step 1 (line 3): send", ""),
        new(DiagramEventKind.Request, "alice/1", "server", "send_one2one_msg m1 <script>alert(1)</script>", "ok"),
        new(DiagramEventKind.Delivery, "server", "bob/1", "e2ee m1 | \"quoted\"; #hash", "received \"hi\nthere\""),
        new(DiagramEventKind.Fault, "server", "bob/1", "tampered m3 <b>", ""),
        new(DiagramEventKind.Note, "eve", "", Hostile, ""),
    ];

    /// <summary>
    /// Runs in order: basic×ecc pass, basic×pqc fail, restart×ecc unimplemented, restart×pqc disabled,
    /// offline×ecc unimplemented (same reason as restart×ecc), edge|case×ecc pass; offline and edge|case never ran on pqc.
    /// </summary>
    public static RunSummary Summary() => new(
        [
            Result("basic", "ecc", ScenarioOutcome.Pass, 1250) with
            {
                Diagram = [new(DiagramEventKind.Request, "alice/1", "server", "upload_keys", "ok")],
                SourceFile = UserFile,
            },
            Result("basic", "pqc", ScenarioOutcome.Fail, 2000) with
            {
                Reason = "expected received \"hi\", got bad_tag " + Hostile,
                FailedStep = "step 7 (line 23): expect received",
                Transcript = string.Join("\n", Enumerable.Range(1, 45).Select(i => "t" + i.ToString("00", CultureInfo.InvariantCulture) + " line <script>")),
                Diagram = HostileDiagram,
                SourceFile = UserFile,
            },
            Result("restart", "ecc", ScenarioOutcome.Unimplemented, 0) with { Reason = "suite lacks persistence | restart" },
            Result("restart", "pqc", ScenarioOutcome.Disabled, 0) with { Reason = "SLH-DSA signs too slowly" },
            Result("offline", "ecc", ScenarioOutcome.Unimplemented, 0) with { Reason = "suite lacks persistence | restart" },
            Result("edge|case", "ecc", ScenarioOutcome.Pass, 5) with { SourceFile = CatalogFile },
        ],
        Seed: 42,
        Started: new DateTimeOffset(2025, 11, 25, 9, 30, 0, TimeSpan.Zero),
        Duration: TimeSpan.FromMilliseconds(3456));

    public static ScenarioResult Result(string scenario, string suite, ScenarioOutcome outcome, int milliseconds) => new(
        scenario,
        suite,
        Seed: 7,
        outcome,
        Reason: "",
        FailedStep: "",
        Transcript: $"{scenario} {suite} start\n{scenario} {suite} end",
        Diagram: [],
        Duration: TimeSpan.FromMilliseconds(milliseconds),
        Tags: ["one2one"],
        Description: $"{scenario} description");
}
