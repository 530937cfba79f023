using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Implementations;

/// <summary>
/// Finds the implementation <c>--impl</c> names (docs/IMPLEMENTATIONS.md): <c>engine</c> is the engine in process
/// (null); a value ending in <c>.json</c> or naming a path is a config file; any other name is
/// <c>implementations/NAME.json</c> under the working directory if there is one, else a built-in config
/// (<see cref="BuiltInNames"/>: our engine's shim and its deviant twin, embedded in the harness).
/// </summary>
public static class ImplementationCatalog
{
    private const string Prefix = "implementations/";
    private const string Folder = "implementations";

    /// <summary>The names of the configs built into the harness.</summary>
    public static IReadOnlyList<string> BuiltInNames { get; } =
        [.. typeof(ImplementationCatalog).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n => n[Prefix.Length..^".json".Length])
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// The implementation <paramref name="nameOrPath"/> names; null for <c>engine</c>. <paramref name="workingDirectory"/>
    /// is where <c>implementations/</c> is looked for, <paramref name="harnessDirectory"/> fills <c>{harness}</c>.
    /// </summary>
    /// <exception cref="ImplementationConfigException">Not found (with the names there are), or not a valid config.</exception>
    public static DeviceImplementation? Resolve(string nameOrPath, string workingDirectory, string harnessDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrPath);
        if (nameOrPath == DeviceImplementation.EngineName)
        {
            return null;
        }

        if (nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || nameOrPath.Contains('/', StringComparison.Ordinal) || nameOrPath.Contains('\\', StringComparison.Ordinal))
        {
            return ImplementationConfig.Load(Path.Combine(workingDirectory, nameOrPath), harnessDirectory);
        }

        string local = Path.Combine(workingDirectory, Folder, nameOrPath + ".json");
        if (File.Exists(local))
        {
            return ImplementationConfig.Load(local, harnessDirectory);
        }

        using Stream? builtIn = typeof(ImplementationCatalog).Assembly.GetManifestResourceStream(Prefix + nameOrPath + ".json");
        if (builtIn is null)
        {
            throw new ImplementationConfigException(
                ImplementationConfigException.NotFoundCode,
                $"no implementation '{nameOrPath}': use {string.Join(", ", Known(workingDirectory))}, or the path of a config file (docs/IMPLEMENTATIONS.md)");
        }

        using var reader = new StreamReader(builtIn);
        return ImplementationConfig.Parse(reader.ReadToEnd(), $"built-in {nameOrPath}.json", harnessDirectory, harnessDirectory);
    }

    /// <summary>Every name <see cref="Resolve"/> finds from <paramref name="workingDirectory"/>: engine, the local configs, the built-in ones.</summary>
    public static IReadOnlyList<string> Known(string workingDirectory)
    {
        string folder = Path.Combine(workingDirectory, Folder);
        IEnumerable<string> local = Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)) : [];
        return [DeviceImplementation.EngineName, .. local.Concat(BuiltInNames).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }
}
