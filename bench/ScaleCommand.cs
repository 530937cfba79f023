namespace E2eeConformance.Bench;

/// <summary>Placeholder replaced below.</summary>
public static class ScaleCommand
{
    public static int Run(string[] args) => args.Length;
}
