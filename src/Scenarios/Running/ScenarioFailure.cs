namespace E2eeConformance.Scenarios.Running;

/// <summary>A run stops: an expectation or invariant failed, or a step could not be carried out. The message says what was expected and what happened.</summary>
public sealed class ScenarioFailure(string message) : Exception(message)
{
}
