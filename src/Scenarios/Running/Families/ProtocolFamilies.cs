using E2eeConformance.Scenarios.Model;

namespace E2eeConformance.Scenarios.Running.Families;

/// <summary>The protocol families the runner knows, and the checks that a scenario's steps mean something in each it names.</summary>
public static class ProtocolFamilies
{
    /// <summary>Every family, E2EE Security first.</summary>
    public static IReadOnlyList<IProtocolFamily> All { get; } = [new E2eeSecurityFamily(), new SenderKeysFamily(), new RoomKeysFamily(), new MpencFamily()];

    /// <summary>The family names.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(f => f.Name)];

    /// <summary>The family called <paramref name="name"/>, or null.</summary>
    public static IProtocolFamily? Find(string name) => All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));

    /// <summary>The family one of whose suites is <paramref name="suite"/> (case-insensitive), or null.</summary>
    public static IProtocolFamily? OwnerOfSuite(string suite) =>
        All.FirstOrDefault(f => f.Suites.Contains(suite, StringComparer.OrdinalIgnoreCase));

    /// <summary>Every family's error codes, each once, in family order.</summary>
    public static IReadOnlyList<string> ErrorCodes { get; } = [.. All.SelectMany(f => f.ErrorCodes).Distinct(StringComparer.Ordinal)];

    /// <summary>Every family's message kinds, each once.</summary>
    public static IReadOnlyList<string> MessageKinds { get; } = [.. All.SelectMany(f => f.MessageKinds).Distinct(StringComparer.Ordinal)];

    /// <summary>Every family's tamper fields, each once.</summary>
    public static IReadOnlyList<string> TamperFields { get; } = [.. All.SelectMany(f => f.TamperFields).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// The first thing of <paramref name="scenario"/> that <paramref name="family"/> cannot run — its settings, or a
    /// step or expectation (repeat bodies included) with where it is written — or null when it can run all of it.
    /// </summary>
    public static (SourceSpan At, string Why)? FirstRefusal(Scenario scenario, IProtocolFamily family)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(family);
        if (family.RefusesSettings(scenario) is { } settings)
        {
            return (scenario.Source, settings);
        }

        HashSet<string> adversaries = new(Flatten(scenario.Steps).OfType<CompromiseStep>().Select(c => c.As), StringComparer.Ordinal);
        return FirstRefusal(scenario.Steps, family, adversaries);
    }

    private static IEnumerable<Step> Flatten(IEnumerable<Step> steps) =>
        steps.SelectMany(s => s is RepeatStep r ? [s, .. Flatten(r.Body)] : new[] { s });

    private static (SourceSpan At, string Why)? FirstRefusal(IEnumerable<Step> steps, IProtocolFamily family, IReadOnlySet<string> adversaries)
    {
        foreach (Step step in steps)
        {
            if (family.Refuses(step) is { } why)
            {
                return (step.At, why);
            }

            if (!family.SendsAsAdversary && step is SendStep send && adversaries.Contains(send.From))
            {
                return (step.At, $"a send from the adversary's copy {send.From} (impersonation) is not scripted in {family.Name}");
            }

            if (step is RepeatStep repeat && FirstRefusal(repeat.Body, family, adversaries) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }
}
