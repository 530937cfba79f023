namespace E2eeConformance.Scenarios.Model;

/// <summary>
/// One step of a scenario. Strings in steps may contain <c>{i}</c> (or another repeat variable), replaced when the step
/// runs inside a <see cref="RepeatStep"/>. Names refer to earlier results: users ("bob": every device of bob), devices
/// ("bob/2"), messages (the <c>as</c> of a send), groups, adversaries.
/// </summary>
public abstract record Step
{
    /// <summary>Where the step was written; failures name it.</summary>
    public SourceSpan At { get; init; } = SourceSpan.None;

    /// <summary>What the step may cost at most (<c>cost:</c> next to the keyword); null: not measured.</summary>
    public StepCost? Cost { get; init; }

    /// <summary>The step's keyword in scenario files (e.g. "send").</summary>
    public abstract string Keyword { get; }
}
