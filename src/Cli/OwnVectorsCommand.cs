namespace E2eeConformance.Cli;

/// <summary><c>vectors generate</c>: writes this project's own vector files.</summary>
internal static class OwnVectorsCommand
{
    public static int Generate(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach ((string name, string json) in E2eeConformance.Vectors.OwnVectorGenerator.GenerateAll())
        {
            File.WriteAllText(Path.Combine(directory, name), json);
            Console.WriteLine($"wrote {Path.Combine(directory, name)}");
        }

        return 0;
    }
}
