namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// The implementation under test does not do what the scenario needs: it answered <c>unimplemented</c>, or the
/// scenario reads a device's state in a way only the engine in process allows (an adversary's copy of the state). The
/// run is reported as unimplemented, with this reason, not as failed.
/// </summary>
internal sealed class ImplementationUnimplemented(string reason) : Exception(reason);
