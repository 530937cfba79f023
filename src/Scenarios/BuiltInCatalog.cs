using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;

namespace E2eeConformance.Scenarios;

/// <summary>
/// The built-in catalog: the scenario files in <c>src/Scenarios/Catalog/*.yaml</c>, embedded in the assembly (so the
/// command runs them from anywhere), in file-name order.
/// </summary>
public static class BuiltInCatalog
{
    /// <summary>Where the catalog files live in the repository, as <see cref="Scenario.SourceFile"/> names them.</summary>
    public const string SourceDirectory = "src/Scenarios/Catalog/";

    private const string Prefix = "catalog/";
    private static readonly Lazy<IReadOnlyList<Scenario>> Loaded = new(Load);

    /// <summary>Every catalog scenario, loaded once on first use, in file-name order.</summary>
    /// <exception cref="Loading.ScenarioFormatException">A catalog file is not a valid scenario (caught by the catalog tests).</exception>
    /// <exception cref="InvalidOperationException">Two catalog scenarios have the same name.</exception>
    public static IReadOnlyList<Scenario> Scenarios => Loaded.Value;

    /// <summary>The catalog scenario named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static Scenario? Find(string name) => Scenarios.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The YAML text of a catalog file ("burst-reordered.yaml").</summary>
    public static string Text(string fileName)
    {
        using Stream stream = typeof(BuiltInCatalog).Assembly.GetManifestResourceStream(Prefix + fileName)
            ?? throw new FileNotFoundException($"no catalog file {fileName}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The catalog's file names (<c>burst-reordered.yaml</c>, …), in ordinal order.</summary>
    public static IReadOnlyList<string> FileNames { get; } =
        [.. typeof(BuiltInCatalog).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(n => n[Prefix.Length..])
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// Parses one catalog file ("burst-reordered.yaml"); errors name it as "catalog/burst-reordered.yaml", and
    /// <see cref="Scenario.SourceFile"/> is its repository path ("src/Scenarios/Catalog/burst-reordered.yaml").
    /// </summary>
    public static Scenario Parse(string fileName) =>
        ScenarioLoader.Parse(Text(fileName), Prefix + fileName) with { SourceFile = SourceDirectory + fileName };

    /// <summary>Whether <paramref name="path"/> is a catalog file's repository path ("src/Scenarios/Catalog/01-hello-one2one.yaml").</summary>
    public static bool IsSourcePath(string path) =>
        path.StartsWith(SourceDirectory, StringComparison.Ordinal) && FileNames.Contains(path[SourceDirectory.Length..], StringComparer.Ordinal);

    private static IReadOnlyList<Scenario> Load()
    {
        List<Scenario> scenarios = [.. FileNames.Select(Parse)];
        string? duplicate = scenarios.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
        return duplicate is null ? scenarios : throw new InvalidOperationException($"two catalog scenarios are named {duplicate}");
    }
}
