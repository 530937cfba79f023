namespace E2eeConformance.Scenarios.Fuzzing;

/// <summary>What shrinking a failing scenario gave.</summary>
/// <param name="Original">The generated scenario that failed.</param>
/// <param name="Shrunk">The smallest scenario found that fails the same way.</param>
/// <param name="Signature">How both fail.</param>
/// <param name="Runs">How many candidates were run.</param>
/// <param name="Elapsed">How long shrinking took.</param>
/// <param name="Exhausted">Whether it stopped at its run or time budget rather than at a fixpoint.</param>
public sealed record ShrinkResult(FuzzScenario Original, FuzzScenario Shrunk, FailureSignature Signature, int Runs, TimeSpan Elapsed, bool Exhausted);
