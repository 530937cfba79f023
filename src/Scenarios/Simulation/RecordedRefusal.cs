namespace E2eeConformance.Scenarios.Simulation;

/// <summary>
/// A request the server refused that a step asked a device to make: the device, the step's keyword
/// (<c>remove_members</c>, <c>leave</c>, …), the response code in lowercase (<c>forbidden</c>, <c>request_conflict</c>),
/// the server's words and the step. A <c>refused</c> expectation claims it; an unclaimed one fails the run at its end.
/// </summary>
public sealed record RecordedRefusal(string Device, string Request, string Code, string Detail, int Step) : IClaimable
{
    /// <summary>Claimed by a <c>refused</c> expectation.</summary>
    public bool Claimed { get; set; }

    /// <inheritdoc/>
    public override string ToString() => $"{Request} by {Device} refused: {Code} (step {Step})";
}
