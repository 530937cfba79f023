using System.Runtime.CompilerServices;

namespace E2eeConformance.Scenarios.Tests.Support;

/// <summary>Locates the repository root and the vector folders inside it (the repository stands alone).</summary>
internal static class SharedPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The reference implementations' vectors, one folder per implementation and commit (vectors/reference/README.md).</summary>
    public static string ReferenceVectors => Path.Combine(RepoRoot, "vectors", "reference");

    /// <summary>E2EE Security at d6b6c69: primitives, PQC one-to-one and group, ECC reconstructions.</summary>
    public static string E2eeSecurity => Path.Combine(ReferenceVectors, "e2ee-security-d6b6c69");

    /// <summary>SKISSM v1.8.0 (4e59ec9): the normative ECC one-to-one and group files.</summary>
    public static string Skissm => Path.Combine(ReferenceVectors, "skissm-v1.8.0-4e59ec9");

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
