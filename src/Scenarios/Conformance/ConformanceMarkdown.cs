using System.Globalization;
using System.Text;
using E2eeConformance.Scenarios.Reports;

namespace E2eeConformance.Scenarios.Conformance;

/// <summary>
/// <c>conformance.md</c>: per implementation, a table of the whitepaper behaviours (meets / deviates / not shown, with
/// the runs that passed), then each deviation with its evidence — the scenario × suite, the step, the failure, and the
/// known deviation of the implementation's config that explains it (or a note that none does).
/// </summary>
public static class ConformanceMarkdown
{
    /// <summary>The file's name in a report directory.</summary>
    public const string FileName = "conformance.md";

    /// <summary>The report, lines separated by "\n".</summary>
    public static string Render(IReadOnlyList<ImplementationConformance> implementations)
    {
        ArgumentNullException.ThrowIfNull(implementations);
        StringBuilder md = new("# Conformance report\n\n");
        md.Append("Each behaviour the whitepaper asks for is judged by the scenarios that check it: **meets** when every run of them passed, ")
            .Append("**deviates** when one failed (the evidence follows), **not shown** when none ran.\n\n");
        if (implementations.Count == 0)
        {
            md.Append("The results hold no runs.\n");
        }

        foreach (ImplementationConformance implementation in implementations)
        {
            One(md, implementation);
        }

        return md.ToString();
    }

    /// <summary>One line for a console: the counts of each verdict.</summary>
    public static string SummaryLine(ImplementationConformance implementation)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        string unclaimed = implementation.Unclaimed.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $", {implementation.Unclaimed.Count} failed runs outside them") : "";
        return string.Create(CultureInfo.InvariantCulture, $"{implementation.Implementation}: {implementation.Behaviours.Count} behaviours: {implementation.Count(Verdict.Meets)} met, {implementation.Count(Verdict.Deviates)} deviated, {implementation.Count(Verdict.NotShown)} not shown{unclaimed} ({implementation.Runs} runs)");
    }

    /// <summary>The word of a verdict.</summary>
    public static string Word(Verdict verdict) => verdict switch
    {
        Verdict.Meets => "meets",
        Verdict.Deviates => "**deviates**",
        _ => "not shown",
    };

    private static void One(StringBuilder md, ImplementationConformance implementation)
    {
        md.Append("## ").Append(MarkdownReport.EscapeCell(implementation.Implementation)).Append("\n\n")
            .Append(SummaryLine(implementation)).Append(".\n\n")
            .Append("| Behaviour | Verdict | Runs passed | Source |\n|---|---|---:|---|\n");
        foreach (BehaviourVerdict verdict in implementation.Behaviours)
        {
            md.Append("| ").Append(MarkdownReport.EscapeCell(verdict.Behaviour.Id)).Append(": ").Append(MarkdownReport.EscapeCell(verdict.Behaviour.Title))
                .Append(" | ").Append(Word(verdict.Verdict))
                .Append(" | ").Append(verdict.Passed.ToString(CultureInfo.InvariantCulture))
                .Append(" | ").Append(MarkdownReport.EscapeCell(verdict.Behaviour.Source)).Append(" |\n");
        }

        md.Append('\n');
        List<BehaviourVerdict> deviations = [.. implementation.Behaviours.Where(b => b.Verdict == Verdict.Deviates)];
        if (deviations.Count > 0)
        {
            md.Append("### Deviations\n\n");
            foreach (BehaviourVerdict verdict in deviations)
            {
                md.Append("#### ").Append(MarkdownReport.EscapeCell(verdict.Behaviour.Id)).Append("\n\n");
                Evidence(md, verdict.Evidence);
            }
        }

        if (implementation.Unclaimed.Count > 0)
        {
            md.Append("### Failures outside the behaviours\n\n");
            Evidence(md, implementation.Unclaimed);
        }

        List<BehaviourVerdict> notShown = [.. implementation.Behaviours.Where(b => b.Verdict == Verdict.NotShown)];
        if (notShown.Count > 0)
        {
            md.Append("### Not shown\n\n");
            foreach (BehaviourVerdict verdict in notShown)
            {
                string why = verdict.Evidence.Count == 0
                    ? "no scenario of the results checks it"
                    : string.Join("; ", verdict.Evidence.Select(e => e.Reason).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).Take(3));
                md.Append("- ").Append(MarkdownReport.EscapeCell(verdict.Behaviour.Id)).Append(": ").Append(MarkdownReport.EscapeCell(why.Length > 0 ? why : "its runs did not run")).Append('\n');
            }

            md.Append('\n');
        }
    }

    private static void Evidence(StringBuilder md, IReadOnlyList<ConformanceEvidence> evidence)
    {
        foreach (ConformanceEvidence e in evidence)
        {
            md.Append("- `").Append(e.Scenario).Append("` × `").Append(e.Suite).Append('`');
            if (e.Step.Length > 0)
            {
                md.Append(", ").Append(MarkdownReport.EscapeCell(e.Step));
            }

            md.Append(": ").Append(MarkdownReport.EscapeCell(e.Reason)).Append('\n');
            md.Append(e.KnownDeviations.Count > 0
                ? "  - " + string.Join("\n  - ", e.KnownDeviations.Select(MarkdownReport.EscapeCell)) + "\n"
                : "  - no known deviation of the implementation's config names this scenario\n");
        }

        md.Append('\n');
    }
}
