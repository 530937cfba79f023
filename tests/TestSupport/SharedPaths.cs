using System.Runtime.CompilerServices;

namespace E2eeConformance.TestSupport;

/// <summary>Locates the repository root and the vector folders inside it (the repository stands alone).</summary>
public static class SharedPaths
{
    /// <summary>The repository root: the nearest directory above this source file that holds <c>E2eeConformance.sln</c>.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The reference implementations' vectors, one folder per implementation and commit (vectors/reference/README.md).</summary>
    public static string ReferenceVectors => Path.Combine(RepoRoot, "vectors", "reference");

    /// <summary>E2EE Security at d6b6c69: primitives, PQC one-to-one and group, ECC reconstructions.</summary>
    public static string E2eeSecurity => Path.Combine(ReferenceVectors, "e2ee-security-d6b6c69");

    /// <summary>SKISSM v1.8.0 (4e59ec9): the normative ECC one-to-one and group files.</summary>
    public static string Skissm => Path.Combine(ReferenceVectors, "skissm-v1.8.0-4e59ec9");

    /// <summary>This project's own vectors, one file per suite (vectors/README.md).</summary>
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
