namespace E2eeConformance.Scenarios.Simulation;

/// <summary>
/// Something a device reported that an expectation must claim (<see cref="RecordedError"/> by <c>error</c>,
/// <see cref="RecordedRefusal"/> by <c>refused</c>); what stays unclaimed fails the run at its end.
/// </summary>
public interface IClaimable
{
    /// <summary>Claimed by an expectation.</summary>
    bool Claimed { get; set; }

    /// <summary>What happened, for people.</summary>
    string Detail { get; }
}
