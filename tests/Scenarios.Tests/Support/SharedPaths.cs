using System.Runtime.CompilerServices;

namespace E2eeConformance.Scenarios.Tests.Support;

/// <summary>Locates the repository root and the shared/ folder beside it (CI clones main with shared/ beside it).</summary>
internal static class SharedPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string SharedVectors => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "vectors"));

    public static string OwnVectors => Path.Combine(RepoRoot, "vectors");

    private static string FindRepoRoot([CallerFilePath] string thisFile = "")
    {
        string? dir = Path.GetDirectoryName(thisFile);
        while (dir is not null && !File.Exists(Path.Combine(dir, "E2eeConformance.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        dir ??= AppContext.BaseDirectory;
        return dir;
    }
}
