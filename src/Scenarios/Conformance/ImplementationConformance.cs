using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Conformance;

/// <summary>
/// The conformance of one implementation (or pairing) in a run (issue 13 §4): which whitepaper behaviours it meets,
/// which it deviates from — with the scenario, the suite and the failure as evidence — and which the run did not show;
/// and the failures no behaviour claims.
/// </summary>
/// <param name="Implementation">Its name (<c>engine</c> for the engine in process, <c>a+b</c> for a pairing).</param>
/// <param name="Runs">How many runs of it the results hold.</param>
/// <param name="Behaviours">Each behaviour of the catalog, judged.</param>
/// <param name="Unclaimed">Failed runs that check no behaviour of the catalog.</param>
public sealed record ImplementationConformance(string Implementation, int Runs, IReadOnlyList<BehaviourVerdict> Behaviours, IReadOnlyList<ConformanceEvidence> Unclaimed)
{
    /// <summary>How many behaviours got <paramref name="verdict"/>.</summary>
    public int Count(Verdict verdict) => Behaviours.Count(b => b.Verdict == verdict);

    /// <summary>Whether it deviates from any behaviour, or a run failed outside them.</summary>
    public bool Deviates => Count(Verdict.Deviates) > 0 || Unclaimed.Count > 0;

    /// <summary>Judges every implementation in <paramref name="results"/> (grouped by <see cref="ScenarioResult.Implementation"/>) against <paramref name="behaviours"/>.</summary>
    public static IReadOnlyList<ImplementationConformance> Judge(IReadOnlyList<ScenarioResult> results, IReadOnlyList<Behaviour> behaviours)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(behaviours);
        return [.. results.GroupBy(r => r.Implementation.Length == 0 ? DeviceImplementation.EngineName : r.Implementation, StringComparer.Ordinal)
            .Select(g => JudgeOne(g.Key, [.. g], behaviours))];
    }

    /// <summary>Judges the behaviours of the protocol families its runs were of (a behaviour of another family has nothing to show here).</summary>
    private static ImplementationConformance JudgeOne(string implementation, List<ScenarioResult> runs, IReadOnlyList<Behaviour> all)
    {
        HashSet<string> families = [.. runs.Select(r => r.Protocol)];
        List<Behaviour> behaviours = [.. all.Where(b => families.Contains(b.Protocol))];
        List<BehaviourVerdict> verdicts = [];
        foreach (Behaviour behaviour in behaviours)
        {
            List<ScenarioResult> checking = [.. runs.Where(behaviour.IsCheckedBy)];
            int passed = checking.Count(r => r.Outcome == ScenarioOutcome.Pass);
            List<ScenarioResult> failed = [.. checking.Where(r => r.Outcome == ScenarioOutcome.Fail)];
            verdicts.Add(failed.Count > 0
                ? new BehaviourVerdict(behaviour, Verdict.Deviates, passed, [.. failed.Select(ConformanceEvidence.Of)])
                : passed > 0
                    ? new BehaviourVerdict(behaviour, Verdict.Meets, passed, [])
                    : new BehaviourVerdict(behaviour, Verdict.NotShown, 0, [.. checking.Select(ConformanceEvidence.Of)]));
        }

        List<ConformanceEvidence> unclaimed = [.. runs.Where(r => r.Outcome == ScenarioOutcome.Fail && !behaviours.Any(b => b.IsCheckedBy(r))).Select(ConformanceEvidence.Of)];
        return new ImplementationConformance(implementation, runs.Count, verdicts, unclaimed);
    }
}
