using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Conformance;

/// <summary>
/// A behaviour the whitepaper asks of an implementation (<see cref="BehaviourCatalog"/>), and the scenarios that
/// check it: those named, and every scenario — the user's own files too — with one of its tags.
/// </summary>
/// <param name="Id">Its stable id (e.g. <c>chain-limit</c>).</param>
/// <param name="Title">What an implementation that meets it does.</param>
/// <param name="Source">Where the whitepaper (seed) or our notes ask for it.</param>
/// <param name="Scenarios">The scenarios named as checking it.</param>
/// <param name="Tags">Every scenario with one of these tags checks it too.</param>
public sealed record Behaviour(string Id, string Title, string Source, IReadOnlyList<string> Scenarios, IReadOnlyList<string> Tags)
{
    /// <summary>The protocol family the behaviour is of (the file's optional <c>protocol</c>; default e2ee-security): only that family's runs check it.</summary>
    public string Protocol { get; init; } = Model.Scenario.DefaultProtocol;

    /// <summary>Whether the run <paramref name="result"/> checks this behaviour.</summary>
    public bool IsCheckedBy(ScenarioResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Protocol == Protocol
            && (Scenarios.Contains(result.Scenario, StringComparer.Ordinal) || result.Tags.Any(t => Tags.Contains(t, StringComparer.Ordinal)));
    }
}
