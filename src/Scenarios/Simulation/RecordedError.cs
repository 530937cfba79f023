namespace E2eeConformance.Scenarios.Simulation;

/// <summary>A protocol failure (or refused request) a device reported, with the delivery it came from and the step.</summary>
public sealed record RecordedError(string Device, string Code, string? Message, string Delivery, string Detail, int Step) : IClaimable
{
    /// <summary>Claimed by an <c>error</c> expectation.</summary>
    public bool Claimed { get; set; }

    /// <inheritdoc/>
    public override string ToString() => $"{Code} at {Device} on {Delivery} (step {Step})";
}
