using System.Reflection;

namespace E2eeConformance.Cli;

/// <summary>The command's name and version, and where its project is when it runs from a source tree.</summary>
internal static class ToolInfo
{
    /// <summary>The command's name as installed (<c>dotnet tool install</c>): <c>e2ee-conformance</c>.</summary>
    public const string CommandName = "e2ee-conformance";

    private const string ProjectFile = "Cli.csproj";

    private static readonly Lazy<string?> Project = new(FindProjectDirectory);

    /// <summary>The informational version (e.g. "0.1.0+1a2b3c4…"), or "unknown".</summary>
    public static string Version { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>
    /// The absolute path of <c>src/Cli</c> when this assembly runs from a source tree (<c>dotnet run</c>, the tests),
    /// found by walking up from the assembly's directory; null for an installed tool.
    /// </summary>
    public static string? ProjectDirectory => Project.Value;

    private static string? FindProjectDirectory()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, ProjectFile)) && dir.Name == "Cli")
            {
                return dir.FullName;
            }

            string nested = Path.Combine(dir.FullName, "src", "Cli");
            if (File.Exists(Path.Combine(nested, ProjectFile)))
            {
                return nested;
            }
        }

        return null;
    }
}
