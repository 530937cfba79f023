namespace E2eeConformance.Scenarios.Running;

/// <summary>
/// The result of running one scenario with one cipher suite and one seed.
/// </summary>
/// <param name="Scenario">The scenario's unique name.</param>
/// <param name="Suite">The suite's name (e.g. "ecc", "pqc").</param>
/// <param name="Seed">The seed every random choice of the run was derived from.</param>
/// <param name="Outcome">Pass, fail, unimplemented or disabled.</param>
/// <param name="Reason">Empty on pass; otherwise why (the failure message: what was expected and what happened; or the reason for unimplemented/disabled).</param>
/// <param name="FailedStep">Where it failed, e.g. "step 7 (line 23): expect received" — empty unless <see cref="ScenarioOutcome.Fail"/>.</param>
/// <param name="Transcript">The deterministic transcript, one event per line ("\n"-separated, no trailing newline); the snapshot compared with *.verified.txt.</param>
/// <param name="Diagram">The run's events for the sequence diagram, in order.</param>
/// <param name="Duration">Wall time of the run (not part of the transcript).</param>
/// <param name="Tags">The scenario's tags.</param>
/// <param name="Description">The scenario's description.</param>
public sealed record ScenarioResult(
    string Scenario,
    string Suite,
    ulong Seed,
    ScenarioOutcome Outcome,
    string Reason,
    string FailedStep,
    string Transcript,
    IReadOnlyList<DiagramEvent> Diagram,
    TimeSpan Duration,
    IReadOnlyList<string> Tags,
    string Description)
{
    /// <summary>Whether the outcome is <see cref="ScenarioOutcome.Pass"/>.</summary>
    public bool Passed => Outcome == ScenarioOutcome.Pass;

    /// <summary>The scenario's file (<see cref="Model.Scenario.SourceFile"/>): a catalog path, the user's path, or empty.</summary>
    public string SourceFile { get; init; } = "";

    /// <summary>
    /// The implementation(s) of the run's devices (<see cref="ImplementationAssignment.Label"/>): empty for the engine in
    /// process, a name (<c>shim</c>), or a pairing (<c>engine+shim</c>: the 1st, 3rd, … user on the first).
    /// </summary>
    public string Implementation { get; init; } = "";

    /// <summary>The protocol family the run was of (<see cref="Model.Scenario.Protocols"/>; docs/PROTOCOL-FAMILIES.md).</summary>
    public string Protocol { get; init; } = Model.Scenario.DefaultProtocol;

    /// <summary>
    /// The run's column in a matrix: the suite, prefixed by the family when not E2EE Security (<c>sender-keys/p256</c>),
    /// followed by <c> @ </c> and the implementation(s) when not the engine alone (<c>ecc @ shim</c>).
    /// </summary>
    public string Column => ColumnOf(Protocol == Model.Scenario.DefaultProtocol ? Suite : $"{Protocol}/{Suite}", Implementation);

    /// <summary>The column of a run of <paramref name="suite"/> by <paramref name="implementation"/> (empty: the engine in process).</summary>
    public static string ColumnOf(string suite, string implementation) => implementation.Length == 0 ? suite : $"{suite} @ {implementation}";
}
