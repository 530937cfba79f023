using System.Collections.Concurrent;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Vectors.Tests;

/// <summary>Runs each vector file once and serves its cases to the TestCaseSources (STYLE #12).</summary>
internal static class VectorCatalog
{
    private static readonly ConcurrentDictionary<string, IReadOnlyList<VectorCaseResult>> Results = new();

    public static string[] ReferenceFiles =>
    [
        Path.Combine(SharedPaths.E2eeSecurity, "primitives.json"),
        Path.Combine(SharedPaths.E2eeSecurity, "pqc_one2one.json"),
        Path.Combine(SharedPaths.E2eeSecurity, "ecc_one2one_RECONSTRUCTED.json"),
        Path.Combine(SharedPaths.Skissm, "ecc_one2one.json"),
        Path.Combine(SharedPaths.E2eeSecurity, "pqc_group.json"),
        Path.Combine(SharedPaths.E2eeSecurity, "ecc_group_RECONSTRUCTED.json"),
        Path.Combine(SharedPaths.Skissm, "ecc_group.json"),
    ];

    public static string[] OwnFiles => [.. Directory.EnumerateFiles(SharedPaths.OwnVectors, "*.json").Order(StringComparer.Ordinal)];

    public static IReadOnlyList<VectorCaseResult> Of(string path) =>
        Results.GetOrAdd(path, p => VectorVerifier.VerifyFile(p, Path.GetRelativePath(Path.GetDirectoryName(Path.GetDirectoryName(p)!)!, p)));

    public static IEnumerable<TestCaseData> Cases(IEnumerable<string> files) =>
        from file in files
        from result in Of(file)
        select new TestCaseData(result).SetName($"{result.File} {result.Case}");
}
