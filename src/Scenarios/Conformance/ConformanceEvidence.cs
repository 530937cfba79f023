using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Conformance;

/// <summary>One run behind a verdict: the scenario × suite, its outcome, where and why it failed, and the known deviations it names.</summary>
/// <param name="Scenario">The scenario.</param>
/// <param name="Suite">The suite.</param>
/// <param name="Outcome">How the run ended.</param>
/// <param name="Step">The step it failed at (empty unless it failed).</param>
/// <param name="Reason">Why it failed or did not run, without the known-deviation lines.</param>
/// <param name="KnownDeviations">The known deviations of the implementation's config the failure names (<c>known deviation of …</c> lines).</param>
public sealed record ConformanceEvidence(string Scenario, string Suite, ScenarioOutcome Outcome, string Step, string Reason, IReadOnlyList<string> KnownDeviations)
{
    /// <summary>The evidence of <paramref name="result"/>: its reason split into the failure and the known deviations it names.</summary>
    public static ConformanceEvidence Of(ScenarioResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string[] lines = result.Reason.Split('\n');
        List<string> known = [.. lines.Where(l => l.StartsWith(ScenarioRunner.KnownDeviationPrefix, StringComparison.Ordinal))];
        string reason = string.Join('\n', lines.Where(l => !l.StartsWith(ScenarioRunner.KnownDeviationPrefix, StringComparison.Ordinal)));
        return new ConformanceEvidence(result.Scenario, result.Suite, result.Outcome, result.FailedStep, reason, known);
    }
}
