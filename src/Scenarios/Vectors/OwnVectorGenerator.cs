namespace E2eeConformance.Scenarios.Vectors;

/// <summary>Generates this project's own vector files (vectors/README.md).</summary>
public static class OwnVectorGenerator
{
    public static IEnumerable<(string Name, string Json)> GenerateAll() => [];
}
