namespace E2eeConformance.Scenarios.Model;

/// <summary><c>repeat: N</c> with nested <c>steps</c>: runs the body N times with <c>{i}</c> (or <c>var</c>) = 1..N.</summary>
public sealed record RepeatStep(int Times, string Variable, IReadOnlyList<Step> Body) : Step
{
    /// <inheritdoc/>
    public override string Keyword => "repeat";
}

/// <summary><c>expect: { … }</c>: one or more expectations, checked in order; the first that fails ends the run.</summary>
public sealed record ExpectStep(IReadOnlyList<Expectation> Expectations) : Step
{
    /// <inheritdoc/>
    public override string Keyword => "expect";
}
