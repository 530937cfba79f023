namespace E2eeConformance.Integration.Tests.Crashes;

/// <summary>The device process dies here: everything not saved is gone, the effect being performed is cut off.</summary>
internal sealed class SimulatedCrash(string boundary) : Exception($"simulated crash at {boundary}")
{
    public string Boundary { get; } = boundary;
}
