namespace E2eeConformance.Integration.Tests.Crashes;

/// <summary>
/// Decides, at every effect boundary of every device, whether the process dies there: seeded, with a fixed chance per
/// boundary, off while the world is set up and while it settles at the end. Counts the boundaries and crashes by kind.
/// </summary>
internal sealed class CrashPlan(int seed, int oneIn)
{
    private readonly Random _random = new(seed);

    public bool Armed { get; set; }

    public int Boundaries { get; private set; }

    public Dictionary<string, int> Crashes { get; } = new(StringComparer.Ordinal);

    /// <summary>Crashes at <paramref name="boundary"/> if the plan says so.</summary>
    public void At(string boundary)
    {
        if (!Armed)
        {
            return;
        }

        Boundaries++;
        if (_random.Next(oneIn) == 0)
        {
            Crashes[boundary] = Crashes.GetValueOrDefault(boundary) + 1;
            throw new SimulatedCrash(boundary);
        }
    }

    public int Next(int max) => _random.Next(max);
}
