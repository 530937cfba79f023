namespace E2eeConformance.Scenarios.Conformance;

/// <summary>One behaviour judged for one implementation.</summary>
/// <param name="Behaviour">The behaviour.</param>
/// <param name="Verdict">Meets, deviates or not shown.</param>
/// <param name="Passed">How many runs that check it passed.</param>
/// <param name="Evidence">The runs that failed (for a deviation), or those that did not run (when not shown).</param>
public sealed record BehaviourVerdict(Behaviour Behaviour, Verdict Verdict, int Passed, IReadOnlyList<ConformanceEvidence> Evidence);
