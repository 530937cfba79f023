using E2eeConformance.Scenarios.Model;

namespace E2eeConformance.Scenarios.Running.Families;

/// <summary>
/// A protocol family the runner drives (docs/PROTOCOL-FAMILIES.md): its engine, server and devices behind one entry
/// point, with the scenario vocabulary it gives a meaning to. The runner plans a scenario on every family it names,
/// each with the family's suites; a family runs one scenario × suite × seed and returns the same
/// <see cref="ScenarioResult"/> every family returns, so reports, snapshots and the CLI need nothing family-specific.
/// </summary>
public interface IProtocolFamily
{
    /// <summary>The name scenario files use (<c>protocol: NAME</c>) and the CLI's <c>--protocol</c> takes.</summary>
    string Name { get; }

    /// <summary>For people: the design and its seed.</summary>
    string Title { get; }

    /// <summary>The family's suites (names unique across families; the first is its default).</summary>
    IReadOnlyList<string> Suites { get; }

    /// <summary>The error codes its devices report (what <c>error</c> and <c>tolerate</c> may name).</summary>
    IReadOnlyList<string> ErrorCodes { get; }

    /// <summary>The message kinds a selector's <c>kind</c> may name.</summary>
    IReadOnlyList<string> MessageKinds { get; }

    /// <summary>The fields <c>tamper</c> may flip a bit in.</summary>
    IReadOnlyList<string> TamperFields { get; }

    /// <summary>Whether a <c>send</c> may come from an adversary's state copy (the <c>as</c> of a <c>compromise</c>): impersonation.</summary>
    bool SendsAsAdversary { get; }

    /// <summary>Why the family cannot run <paramref name="step"/> as written (a step or an expectation it has no meaning for); null: it can.</summary>
    string? Refuses(Step step);

    /// <summary>Why the family cannot run <paramref name="scenario"/>'s settings (its top level, not its steps); null: it can.</summary>
    string? RefusesSettings(Scenario scenario);

    /// <summary>Runs one scenario with one of <see cref="Suites"/> and a seed (the command line's or the scenario's).</summary>
    ScenarioResult Run(Scenario scenario, string suite, ulong seed);
}
