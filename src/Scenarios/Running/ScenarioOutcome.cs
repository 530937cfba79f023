namespace E2eeConformance.Scenarios.Running;

/// <summary>How one scenario × suite run ended (SCENARIO-FORMAT §Outcomes).</summary>
public enum ScenarioOutcome
{
    /// <summary>Every step ran, every expectation and invariant held.</summary>
    Pass,

    /// <summary>An expectation or invariant failed, or a step could not be carried out; the result says which and why.</summary>
    Fail,

    /// <summary>The suite or the implementation lacks a feature the scenario needs (the reason names it).</summary>
    Unimplemented,

    /// <summary>The scenario was not run for this suite, for a written reason (e.g. SLH-DSA signs too slowly for it).</summary>
    Disabled,
}

/// <summary>How outcomes are written in reports and on the console.</summary>
public static class ScenarioOutcomes
{
    /// <summary>"pass", "fail", "unimplemented", "disabled".</summary>
    public static string Word(this ScenarioOutcome outcome) => outcome switch
    {
        ScenarioOutcome.Pass => "pass",
        ScenarioOutcome.Fail => "fail",
        ScenarioOutcome.Unimplemented => "unimplemented",
        ScenarioOutcome.Disabled => "disabled",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "not an outcome"),
    };
}
